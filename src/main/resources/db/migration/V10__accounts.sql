-- Password reset tokens (only their SHA-256 is stored) and deleted accounts.

CREATE TABLE password_reset (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_id   BIGINT UNSIGNED NOT NULL,
  token_hash  BINARY(32)      NOT NULL,
  created_at  DATETIME(3)     NOT NULL,
  expires_at  DATETIME(3)     NOT NULL,
  used_at     DATETIME(3)     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_password_reset_hash (token_hash),
  KEY ix_password_reset_member (member_id),
  CONSTRAINT fk_password_reset_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- A deleted member keeps an anonymised row (messages and reviews still name it); tokens that name
-- it are refused.
ALTER TABLE member ADD COLUMN deleted_at DATETIME(3) NULL;
