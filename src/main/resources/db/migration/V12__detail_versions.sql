-- Versions the post detail cache compares (README, "Post detail cache"): one per row a detail
-- reads, changed by the database on every UPDATE that changes the row. Writers that change what a
-- detail shows through other rows (its photos, a photo's thumbnail) set the post's or member's
-- version themselves (post.DetailVersions). DATETIME rather than TIMESTAMP: no 2038 limit and no
-- time-zone conversion; both servers accept this default and ON UPDATE on DATETIME(6).

ALTER TABLE post
  ADD COLUMN row_version DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6);

ALTER TABLE member
  ADD COLUMN row_version DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6);

ALTER TABLE designer_profile
  ADD COLUMN row_version DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6);
