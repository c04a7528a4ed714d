-- A list item is read from its post row alone (issue 14). A search joined member, designer_profile,
-- post_photo and media_object (twice) for every listed post: five index lookups a row, which took
-- about half of a search statement's time at 16 connections (mariadb-slap over the benchmark mix's
-- soonest-first statements: 1.72-1.91 s with the joins, 0.85 s without, for 3,200 statements).
-- The copies are written in the transaction that changes what they copy, by post.DetailVersions
-- (the main photo and its thumbnail) and post.DesignerCopies (the designer's summary), so a list
-- is as current as the detail.
ALTER TABLE post
  ADD COLUMN main_photo_key VARCHAR(200) NULL,
  ADD COLUMN main_photo_thumbnail_key VARCHAR(200) NULL,
  ADD COLUMN designer_name VARCHAR(50) NULL,
  ADD COLUMN designer_photo_key VARCHAR(200) NULL,
  ADD COLUMN affiliation_name VARCHAR(100) NULL,
  ADD COLUMN rating_count INT UNSIGNED NULL,
  ADD COLUMN rating_sum INT UNSIGNED NULL;

UPDATE post p JOIN post_photo main ON main.main_post_id = p.id JOIN media_object photo ON photo.id = main.media_id
  SET p.main_photo_key = photo.object_key, p.main_photo_thumbnail_key = photo.thumbnail_key;

UPDATE post p
  JOIN member m ON m.id = p.designer_id
  JOIN designer_profile d ON d.member_id = p.designer_id
  LEFT JOIN media_object photo ON photo.id = m.photo_media_id
  SET p.designer_name = m.name, p.designer_photo_key = photo.object_key, p.affiliation_name = d.affiliation_name,
      p.rating_count = d.rating_count, p.rating_sum = d.rating_sum;
