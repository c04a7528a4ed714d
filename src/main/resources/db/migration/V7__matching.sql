-- Matching: a model applies for a seat of a post, the designer accepts or declines, either side
-- may cancel before the appointment, the designer completes it (or marks a no-show), and the
-- model reviews the designer once. Counters the lists show are kept in the writing transaction.

ALTER TABLE post
  ADD COLUMN accepted_count    TINYINT UNSIGNED NOT NULL DEFAULT 0 AFTER capacity,
  ADD COLUMN application_count INT UNSIGNED     NOT NULL DEFAULT 0 AFTER accepted_count;

CREATE TABLE application (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  post_id     BIGINT UNSIGNED NOT NULL,
  model_id    BIGINT UNSIGNED NOT NULL,
  designer_id BIGINT UNSIGNED NOT NULL,
  status      VARCHAR(16)     NOT NULL,
  message     VARCHAR(500)    NULL,
  created_at  DATETIME(3)     NOT NULL,
  updated_at  DATETIME(3)     NOT NULL,
  -- One live (PENDING or ACCEPTED) application per model and post: NULL once it has ended.
  live_post_id BIGINT UNSIGNED AS (IF(status IN ('PENDING', 'ACCEPTED'), post_id, NULL)) STORED,
  PRIMARY KEY (id),
  UNIQUE KEY uq_application_live (model_id, live_post_id),
  KEY ix_application_post (post_id, status, id),
  KEY ix_application_model (model_id, id),
  KEY ix_application_designer (designer_id, id),
  KEY ix_application_pending (status, post_id),
  CONSTRAINT fk_application_post FOREIGN KEY (post_id) REFERENCES post (id),
  CONSTRAINT fk_application_model FOREIGN KEY (model_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_application_designer FOREIGN KEY (designer_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_application_status CHECK (status IN ('PENDING', 'ACCEPTED', 'DECLINED', 'CANCELLED',
                                                      'COMPLETED', 'NO_SHOW', 'EXPIRED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every transition, appended in its transaction: who (NULL: the server, for EXPIRED), when, from, to, why.
CREATE TABLE application_event (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  application_id BIGINT UNSIGNED NOT NULL,
  actor_id       BIGINT UNSIGNED NULL,
  from_status    VARCHAR(16)     NULL,
  to_status      VARCHAR(16)     NOT NULL,
  reason         VARCHAR(500)    NULL,
  created_at     DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  KEY ix_application_event_application (application_id, id),
  CONSTRAINT fk_application_event_application FOREIGN KEY (application_id) REFERENCES application (id)
    ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE review (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  application_id BIGINT UNSIGNED NOT NULL,
  designer_id    BIGINT UNSIGNED NOT NULL,
  model_id       BIGINT UNSIGNED NOT NULL,
  rating         TINYINT UNSIGNED NOT NULL,
  content        VARCHAR(2000)   NOT NULL,
  photo_media_id BIGINT UNSIGNED NULL,
  reply          VARCHAR(2000)   NULL,
  replied_at     DATETIME(3)     NULL,
  created_at     DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_review_application (application_id),
  KEY ix_review_designer (designer_id, id),
  CONSTRAINT fk_review_application FOREIGN KEY (application_id) REFERENCES application (id) ON DELETE CASCADE,
  CONSTRAINT fk_review_photo FOREIGN KEY (photo_media_id) REFERENCES media_object (id) ON DELETE SET NULL,
  CONSTRAINT ck_review_rating CHECK (rating BETWEEN 1 AND 5)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The designer page's rating summary, kept in the review's transaction.
ALTER TABLE designer_profile
  ADD COLUMN rating_count INT UNSIGNED NOT NULL DEFAULT 0,
  ADD COLUMN rating_sum   INT UNSIGNED NOT NULL DEFAULT 0;
