-- Near-me reads finer cells (issue 14): 0.005° × 0.005° (about 560 × 440 m in Seoul) instead of
-- V13's 0.01°. A search reads every post of the cells its circle's box touches, and at 0.01° a
-- page's circle (a few hundred metres) touched four ~1 km² cells: the benchmark's near second
-- pages read 487 index entries for 20 posts. Rows of the finer grid are still consecutive numbers
-- (72,000 cells a row), so a box is still one index range per row: 4–6 for a page's circle, 12 for
-- 3 km. The number passes INT's range, hence BIGINT.
-- geo_cell and ix_post_cell stay until the next release: during a rolling restart the previous
-- release, which names them in its searches, runs on this schema (so does the benchmark's
-- baseline jar).
ALTER TABLE post
  ADD COLUMN fine_geo_cell BIGINT AS (FLOOR((lat + 90) * 200) * 72000 + FLOOR((lng + 180) * 200)) STORED,
  ADD KEY ix_post_fine_cell (status, fine_geo_cell, lat, lng, appointment_at);
