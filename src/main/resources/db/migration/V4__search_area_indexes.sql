-- Measured on 50,000 seeded posts: searches by district usually name the sigungu without the
-- sido, which (status, sido, sigungu, id) cannot serve. One index per area level instead.
ALTER TABLE post DROP INDEX ix_post_area,
  ADD KEY ix_post_sigungu (status, sigungu, id),
  ADD KEY ix_post_sido (status, sido, id);
