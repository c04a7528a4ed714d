-- Sign-in with Kakao, Naver, Apple and Facebook. One row per provider identity: the primary key
-- makes concurrent sign-ups of one identity make one member, and the unique key allows one
-- account of each provider per member. The provider's email is kept here as it was given; it is
-- never used to find or link an account. signup_key is the Idempotency-Key of the sign-up that
-- made the row, so a retried sign-up gets the member it already made.

CREATE TABLE sns_account (
  provider         VARCHAR(16)     NOT NULL,
  provider_user_id VARCHAR(255)    CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  member_id        BIGINT UNSIGNED NOT NULL,
  email            VARCHAR(254)    NULL,
  signup_key       VARCHAR(255)    CHARACTER SET ascii COLLATE ascii_bin NULL,
  linked_at        DATETIME(3)     NOT NULL,
  PRIMARY KEY (provider, provider_user_id),
  UNIQUE KEY uq_sns_account_member_provider (member_id, provider),
  CONSTRAINT fk_sns_account_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_sns_account_provider CHECK (provider IN ('KAKAO', 'NAVER', 'APPLE', 'FACEBOOK'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
