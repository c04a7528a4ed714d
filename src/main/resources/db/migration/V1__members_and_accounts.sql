-- Members, their credentials (kept apart from the member row), designer profiles and refresh tokens.
-- All times are UTC, written by the application.

CREATE TABLE member (
  id             BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  role           VARCHAR(16)     NOT NULL,
  email          VARCHAR(254)    NULL,
  name           VARCHAR(50)     NOT NULL,
  birth_year     SMALLINT        NULL,
  status_message VARCHAR(200)    NULL,
  photo_key      VARCHAR(255)    NULL,
  created_at     DATETIME(3)     NOT NULL,
  updated_at     DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_member_email (email),
  CONSTRAINT ck_member_role CHECK (role IN ('DESIGNER', 'MODEL'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE credential (
  member_id     BIGINT UNSIGNED NOT NULL,
  password_hash CHAR(60)        NOT NULL,
  updated_at    DATETIME(3)     NOT NULL,
  PRIMARY KEY (member_id),
  CONSTRAINT fk_credential_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE designer_profile (
  member_id        BIGINT UNSIGNED NOT NULL,
  affiliation_kind VARCHAR(16)     NOT NULL,
  affiliation_name VARCHAR(100)    NOT NULL,
  career_months    SMALLINT        NOT NULL,
  career_text      VARCHAR(2000)   NULL,
  PRIMARY KEY (member_id),
  KEY ix_designer_profile_career (career_months),
  CONSTRAINT fk_designer_profile_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_designer_affiliation CHECK (affiliation_kind IN ('HIGH_SCHOOL', 'UNIVERSITY', 'ACADEMY', 'SALON'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Refresh tokens are stored as SHA-256 hashes. A family is one sign-in's chain of rotations:
-- presenting a token that was already used revokes the whole family.
CREATE TABLE refresh_token (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_id   BIGINT UNSIGNED NOT NULL,
  family_id   BINARY(16)      NOT NULL,
  token_hash  BINARY(32)      NOT NULL,
  issued_at   DATETIME(3)     NOT NULL,
  expires_at  DATETIME(3)     NOT NULL,
  used_at     DATETIME(3)     NULL,
  revoked_at  DATETIME(3)     NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_refresh_token_hash (token_hash),
  KEY ix_refresh_token_family (family_id),
  KEY ix_refresh_token_member (member_id),
  CONSTRAINT fk_refresh_token_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
