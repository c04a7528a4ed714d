-- Near-me picks its page from the cell index alone (issue 14): with the appointment in the index
-- next to the position, a circle's candidates are tested and sorted on index entries and only the
-- page's 20 posts are read from the table (a 0.5 km circle: 431 pages touched before, 6 after).
-- The name stays, so the previous release, which names it in its searches, runs on this schema
-- during a rolling restart.
ALTER TABLE post
  DROP KEY ix_post_cell,
  ADD KEY ix_post_cell (status, geo_cell, lat, lng, appointment_at);
