-- Answers remembered per member and Idempotency-Key for 24 hours, so a create retried after a
-- time-out or a 503 returns the first answer instead of creating twice. The key row is written in
-- the same transaction as what it creates: either both exist or neither.

CREATE TABLE idempotency_key (
  member_id       BIGINT UNSIGNED NOT NULL,
  idempotency_key VARCHAR(255) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  fingerprint     BINARY(32)      NOT NULL,
  answer          MEDIUMBLOB      NULL,
  created_at      DATETIME(3)     NOT NULL,
  PRIMARY KEY (member_id, idempotency_key),
  KEY ix_idempotency_key_created (created_at),
  CONSTRAINT fk_idempotency_key_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
