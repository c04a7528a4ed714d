-- Providers to tell that a deleted member's link is gone (Kakao unlink, Naver token delete, Apple
-- token revoke, Facebook permissions delete). A row is written in the deletion's transaction and
-- removed once the provider has answered; faults are retried with growing pauses. sealed_token is
-- what the member's app gave for it (a Naver access token or an Apple authorization code, later
-- Apple's refresh token), encrypted with a key derived from the server secret.

CREATE TABLE sns_revocation (
  id               BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  provider         VARCHAR(16)     NOT NULL,
  provider_user_id VARCHAR(255)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  sealed_token     VARCHAR(12000)  CHARACTER SET ascii COLLATE ascii_bin NULL,
  attempts         INT UNSIGNED    NOT NULL DEFAULT 0,
  next_attempt_at  DATETIME(3)     NOT NULL,
  last_error       VARCHAR(120)    NULL,
  created_at       DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  KEY ix_sns_revocation_due (next_attempt_at),
  CONSTRAINT ck_sns_revocation_provider CHECK (provider IN ('KAKAO', 'NAVER', 'APPLE', 'FACEBOOK'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
