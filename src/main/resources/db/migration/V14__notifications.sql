-- Pushes to phones. A device is one installation of the app (its id is the app's own, stable per
-- install) and the push token it was given; a token belongs to whichever member registered it
-- last. The outbox holds what deserves a push, written in the same transaction as the change it
-- reports; the sender claims due rows, sends one push per device and records each delivery.

CREATE TABLE device (
  installation_id VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  member_id       BIGINT UNSIGNED NOT NULL,
  platform        VARCHAR(8)      NOT NULL,
  push_token      VARCHAR(512)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  locale          VARCHAR(35)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  app_version     VARCHAR(32)     NULL,
  created_at      DATETIME(3)     NOT NULL,
  updated_at      DATETIME(3)     NOT NULL,
  PRIMARY KEY (installation_id),
  UNIQUE KEY uq_device_push_token (push_token),
  KEY ix_device_member (member_id, created_at),
  CONSTRAINT fk_device_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_device_platform CHECK (platform IN ('ANDROID', 'IOS'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A member's push settings; no row means the defaults (no previews, quiet 22:00-08:00 Asia/Seoul).
-- quiet_start NULL means no quiet hours.
CREATE TABLE push_settings (
  member_id       BIGINT UNSIGNED NOT NULL,
  previews        BOOLEAN         NOT NULL DEFAULT FALSE,
  quiet_start     TIME            NULL,
  quiet_end       TIME            NULL,
  quiet_time_zone VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NULL,
  updated_at      DATETIME(3)     NOT NULL,
  PRIMARY KEY (member_id),
  CONSTRAINT fk_push_settings_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- The outbox. due_at is when the push may go (quiet hours move it); next_attempt_at is when the
-- sender looks at the row next: due_at at first, then a claim's lease (claim_id set) or a
-- back-off. status: PENDING until DONE (every device answered or none exists), SKIPPED (the
-- member was online) or FAILED (retries ran out).
CREATE TABLE notification (
  id              BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_id       BIGINT UNSIGNED NOT NULL,
  kind            VARCHAR(32)     NOT NULL,
  data            TEXT            NOT NULL,
  created_at      DATETIME(3)     NOT NULL,
  due_at          DATETIME(3)     NOT NULL,
  status          VARCHAR(8)      NOT NULL DEFAULT 'PENDING',
  attempts        INT UNSIGNED    NOT NULL DEFAULT 0,
  next_attempt_at DATETIME(3)     NOT NULL,
  claim_id        CHAR(36)        CHARACTER SET ascii COLLATE ascii_bin NULL,
  finished_at     DATETIME(3)     NULL,
  PRIMARY KEY (id),
  KEY ix_notification_due (status, next_attempt_at),
  KEY ix_notification_member (member_id, id),
  CONSTRAINT fk_notification_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_notification_status CHECK (status IN ('PENDING', 'DONE', 'SKIPPED', 'FAILED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per (notification, device) once the device's provider answered: a DELIVERED one is
-- never sent again. No foreign key to device: the record outlives a device that was removed.
CREATE TABLE notification_delivery (
  notification_id BIGINT UNSIGNED NOT NULL,
  installation_id VARCHAR(64)     CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  status          VARCHAR(10)     NOT NULL,
  attempts        INT UNSIGNED    NOT NULL DEFAULT 0,
  last_error      VARCHAR(200)    NULL,
  sent_at         DATETIME(3)     NULL,
  updated_at      DATETIME(3)     NOT NULL,
  PRIMARY KEY (notification_id, installation_id),
  CONSTRAINT fk_delivery_notification FOREIGN KEY (notification_id) REFERENCES notification (id) ON DELETE CASCADE,
  CONSTRAINT ck_delivery_status CHECK (status IN ('DELIVERED', 'RETRY', 'TOKEN_GONE', 'REJECTED', 'SKIPPED'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
