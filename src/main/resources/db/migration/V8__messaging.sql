-- Messaging: one conversation per pair of members, each member's view of it (last read, unread
-- count, last visible message), the messages, and blocks. A blocked member's messages are stored
-- hidden from the blocker: the sender is not told, the blocker never sees them.

CREATE TABLE conversation (
  id          BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  member_low  BIGINT UNSIGNED NOT NULL,
  member_high BIGINT UNSIGNED NOT NULL,
  created_at  DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_conversation_pair (member_low, member_high),
  KEY ix_conversation_high (member_high),
  CONSTRAINT fk_conversation_low FOREIGN KEY (member_low) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_conversation_high FOREIGN KEY (member_high) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT ck_conversation_pair CHECK (member_low < member_high)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE message (
  id                    BIGINT UNSIGNED NOT NULL AUTO_INCREMENT,
  conversation_id       BIGINT UNSIGNED NOT NULL,
  sender_id             BIGINT UNSIGNED NOT NULL,
  content               VARCHAR(2000)   NOT NULL,
  post_id               BIGINT UNSIGNED NULL,
  client_message_id     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
  hidden_from_recipient BOOLEAN         NOT NULL DEFAULT FALSE,
  created_at            DATETIME(3)     NOT NULL,
  PRIMARY KEY (id),
  UNIQUE KEY uq_message_client_id (sender_id, client_message_id),
  KEY ix_message_conversation (conversation_id, id),
  CONSTRAINT fk_message_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id) ON DELETE CASCADE,
  CONSTRAINT fk_message_sender FOREIGN KEY (sender_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_message_post FOREIGN KEY (post_id) REFERENCES post (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Each member's side of a conversation. activity_at orders their list and is NULL until the
-- conversation concerns them (they opened it, or a message they may see arrived).
CREATE TABLE conversation_member (
  conversation_id      BIGINT UNSIGNED NOT NULL,
  member_id            BIGINT UNSIGNED NOT NULL,
  other_member_id      BIGINT UNSIGNED NOT NULL,
  last_message_id      BIGINT UNSIGNED NULL,
  activity_at          DATETIME(3)     NULL,
  last_read_message_id BIGINT UNSIGNED NOT NULL DEFAULT 0,
  last_read_at         DATETIME(3)     NULL,
  unread_count         INT UNSIGNED    NOT NULL DEFAULT 0,
  PRIMARY KEY (conversation_id, member_id),
  KEY ix_conversation_member_recent (member_id, activity_at, conversation_id),
  CONSTRAINT fk_conversation_member_conversation FOREIGN KEY (conversation_id) REFERENCES conversation (id)
    ON DELETE CASCADE,
  CONSTRAINT fk_conversation_member_member FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE member_block (
  blocker_id BIGINT UNSIGNED NOT NULL,
  blocked_id BIGINT UNSIGNED NOT NULL,
  created_at DATETIME(3)     NOT NULL,
  PRIMARY KEY (blocker_id, blocked_id),
  KEY ix_member_block_blocked (blocked_id, blocker_id),
  KEY ix_member_block_recent (blocker_id, created_at),
  CONSTRAINT fk_member_block_blocker FOREIGN KEY (blocker_id) REFERENCES member (id) ON DELETE CASCADE,
  CONSTRAINT fk_member_block_blocked FOREIGN KEY (blocked_id) REFERENCES member (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
