-- Saved searches: a model keeps up to 10 searches (the filters of GET /posts) and is told when a
-- post that matches one is created or opens again. README, "Saved searches", has the design.

-- The filters as the search record holds them; every column NULL means "not filtered on".
CREATE TABLE saved_search (
  id                BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_id         BIGINT UNSIGNED NOT NULL,
  name              VARCHAR(50)     NULL,
  services          SET('CUT', 'PERM', 'DYE', 'ETC') NULL,
  sido              VARCHAR(20)     NULL,
  sigungu           VARCHAR(30)     NULL,
  price_min         INT UNSIGNED    NULL,
  price_max         INT UNSIGNED    NULL,
  from_at           DATETIME(3)     NULL,
  to_at             DATETIME(3)     NULL,
  career_min_months SMALLINT UNSIGNED NULL,
  affiliation_kind  VARCHAR(16)     NULL,
  -- the lower-cased words of q, separated by one space
  words             VARCHAR(210)    NULL,
  near_lat          DOUBLE          NULL,
  near_lng          DOUBLE          NULL,
  radius_km         DOUBLE          NULL,
  designer_id       BIGINT UNSIGNED NULL,
  created_at        DATETIME(3)     NOT NULL,
  -- when the model was last told of a match: at most one a savedSearches.notifyIntervalMinutes
  last_notified_at  DATETIME(3)     NULL,
  last_post_id      BIGINT UNSIGNED NULL,
  PRIMARY KEY (id),
  KEY ix_saved_search_member (member_id, id),
  CONSTRAINT fk_saved_search_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The index a new post is matched through: one row per (area, service, price bucket) a saved
-- search covers, so a post looks up the few keys it could be filed under (5 areas x its services
-- and ANY x its bucket and ANY) instead of reading every saved search. area is 'd|sido|sigungu',
-- 'g|sigungu' (no sido), 's|sido', 'c|<0.05° cell>' (near-me without a district) or '*'; service
-- 0 and price_bucket 0 mean any. Each row also carries the search's ranges (price, appointment
-- window, the box around its near-me circle; open ends as the widest values), so the range read
-- drops the keys whose search cannot match before any saved search is read. A key only selects
-- candidates: every filter is then checked exactly. notified_at copies saved_search.last_notified_at
-- (written in the same transaction) and is the key's fourth part, so the read skips the searches
-- told within the hour instead of reading them: once a busy district's searches have been told,
-- a free post in central Gangnam read 2,146 key rows (1.3 ms on a quiet machine) to keep one.
CREATE TABLE saved_search_key (
  area            VARCHAR(60)      NOT NULL,
  service         TINYINT UNSIGNED NOT NULL,
  price_bucket    TINYINT UNSIGNED NOT NULL,
  saved_search_id BIGINT UNSIGNED  NOT NULL,
  price_min       INT UNSIGNED     NOT NULL,
  price_max       INT UNSIGNED     NOT NULL,
  from_at         DATETIME(3)      NOT NULL,
  to_at           DATETIME(3)      NOT NULL,
  south           DOUBLE           NOT NULL,
  north           DOUBLE           NOT NULL,
  west            DOUBLE           NOT NULL,
  east            DOUBLE           NOT NULL,
  notified_at     DATETIME(3)      NOT NULL,
  PRIMARY KEY (area, service, price_bucket, notified_at, saved_search_id),
  KEY ix_saved_search_key_search (saved_search_id),
  CONSTRAINT fk_saved_search_key_search FOREIGN KEY (saved_search_id) REFERENCES saved_search (id)
    ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Posts that became OPEN (created, or a seat freed a MATCHED post) and were not matched yet: written
-- in the transaction that opened the post, removed in the one that recorded its matches, so a post
-- whose matching a crash interrupted is matched by the next sweep.
CREATE TABLE saved_search_due (
  post_id BIGINT UNSIGNED NOT NULL,
  due_at  DATETIME(3)     NOT NULL,
  PRIMARY KEY (post_id),
  KEY ix_saved_search_due_at (due_at),
  CONSTRAINT fk_saved_search_due_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
