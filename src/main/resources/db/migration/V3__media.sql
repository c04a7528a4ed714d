-- Uploaded images. A row is written PENDING before the bytes stream to S3 and becomes ATTACHED
-- in the transaction that links it to its member or post; the sweeper removes what never got there.

CREATE TABLE media_object (
  id            BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  object_key    VARCHAR(200)    NOT NULL,
  owner_id      BIGINT UNSIGNED NOT NULL,
  purpose       VARCHAR(16)     NOT NULL,
  target_id     BIGINT UNSIGNED NULL,
  state         VARCHAR(16)     NOT NULL,
  content_type  VARCHAR(40)     NULL,
  size_bytes    BIGINT UNSIGNED NULL,
  sha256        CHAR(64)        NULL,
  thumbnail_key VARCHAR(200)    NULL,
  created_at    DATETIME(3)     NOT NULL,
  attached_at   DATETIME(3)     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_media_object_key (object_key),
  KEY ix_media_state_created (state, created_at),
  KEY ix_media_owner (owner_id),
  CONSTRAINT fk_media_owner FOREIGN KEY (owner_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_media_state CHECK (state IN ('PENDING', 'ATTACHED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE member ADD COLUMN photo_media_id BIGINT UNSIGNED NULL,
  ADD CONSTRAINT fk_member_photo FOREIGN KEY (photo_media_id) REFERENCES media_object (id) ON DELETE SET NULL;

ALTER TABLE member DROP COLUMN photo_key;

CREATE TABLE portfolio_photo (
  id         BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_id  BIGINT UNSIGNED NOT NULL,
  media_id   BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_portfolio_media (media_id),
  KEY ix_portfolio_member (member_id, id),
  CONSTRAINT fk_portfolio_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_portfolio_media FOREIGN KEY (media_id) REFERENCES media_object (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE hair_photo (
  member_id BIGINT UNSIGNED NOT NULL,
  side      VARCHAR(8)      NOT NULL,
  media_id  BIGINT UNSIGNED NOT NULL,
  PRIMARY KEY (member_id, side),
  UNIQUE KEY uq_hair_media (media_id),
  CONSTRAINT fk_hair_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_hair_media FOREIGN KEY (media_id) REFERENCES media_object (id) ON DELETE CASCADE,
  CONSTRAINT ck_hair_side CHECK (side IN ('FRONT', 'SIDE', 'BACK'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- At most one main photo per post: main_post_id is the post id for the main photo and NULL
-- otherwise, and NULLs do not collide in a unique key.
CREATE TABLE post_photo (
  id           BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  post_id      BIGINT UNSIGNED NOT NULL,
  media_id     BIGINT UNSIGNED NOT NULL,
  is_main      BOOLEAN         NOT NULL,
  main_post_id BIGINT UNSIGNED AS (IF(is_main, post_id, NULL)) STORED,
  created_at   DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_post_photo_media (media_id),
  UNIQUE KEY uq_post_photo_main (main_post_id),
  KEY ix_post_photo_post (post_id, id),
  CONSTRAINT fk_post_photo_post FOREIGN KEY (post_id) REFERENCES post (id) ON DELETE CASCADE,
  CONSTRAINT fk_post_photo_media FOREIGN KEY (media_id) REFERENCES media_object (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
