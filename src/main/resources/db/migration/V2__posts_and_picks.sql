-- Recruitment posts, their search terms, and picks (a model's bookmarks).

CREATE TABLE post (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  designer_id      BIGINT UNSIGNED NOT NULL,
  title            VARCHAR(100)    NOT NULL,
  content          VARCHAR(4000)   NOT NULL,
  services         SET('CUT', 'PERM', 'DYE', 'ETC') NOT NULL,
  price            INT UNSIGNED    NOT NULL,
  appointment_at   DATETIME(3)     NOT NULL,
  duration_minutes SMALLINT UNSIGNED NOT NULL,
  capacity         TINYINT UNSIGNED NOT NULL,
  status           VARCHAR(16)     NOT NULL,
  sido             VARCHAR(20)     NOT NULL,
  sigungu          VARCHAR(30)     NOT NULL,
  dong             VARCHAR(30)     NULL,
  address          VARCHAR(200)    NOT NULL,
  lat              DOUBLE          NOT NULL,
  lng              DOUBLE          NOT NULL,
  pick_count       INT UNSIGNED    NOT NULL DEFAULT 0,
  created_at       DATETIME(3)     NOT NULL,
  updated_at       DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  -- one index per sort order, each led by status (every search filters on it)
  KEY ix_post_latest (status, id),
  KEY ix_post_soonest (status, appointment_at, id),
  KEY ix_post_price (status, price, id),
  KEY ix_post_popular (status, pick_count, id),
  KEY ix_post_area (status, sido, sigungu, id),
  KEY ix_post_location (status, lat, lng),
  KEY ix_post_designer (designer_id, status, id),
  CONSTRAINT fk_post_designer FOREIGN KEY (designer_id) REFERENCES member (id),
  CONSTRAINT ck_post_status CHECK (status IN ('OPEN', 'MATCHED', 'CLOSED', 'CANCELLED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Words of title and content, lower-cased, for `q`. A FULLTEXT index would drop the one- and
-- two-syllable Korean words people search for (펌, 염색) under the default minimum token size,
-- and MariaDB has no n-gram parser; a term table behaves the same on MySQL and MariaDB.
CREATE TABLE post_term (
  term    VARCHAR(40)     NOT NULL,
  post_id BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (term, post_id),
  KEY ix_post_term_post (post_id),
  CONSTRAINT fk_post_term_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE pick (
  member_id  BIGINT UNSIGNED NOT NULL,
  post_id    BIGINT UNSIGNED NOT NULL,
  picked_at  DATETIME(3)     NOT NULL,
  PRIMARY KEY (member_id, post_id),
  KEY ix_pick_member_recent (member_id, picked_at, post_id),
  KEY ix_pick_post (post_id),
  CONSTRAINT fk_pick_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_pick_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
