-- A word's posts, most picked first (issue 14). A popular search for a word read every post of the
-- word and sorted them (허쉬컷: 9,749 rows for a page of 20), or walked the popularity index checking
-- each post for the word. With the post's pick count copied onto its terms, the index below holds a
-- term's posts in the popular order, and the search walks it as it walks a term newest first (the
-- primary key), stopping at the page's last post. The copy is written in the transaction that moves
-- the post's count (post.PostService pick and unpick, account.AccountDeletion) or writes its terms.
ALTER TABLE post_term
  ADD COLUMN pick_count INT UNSIGNED NOT NULL DEFAULT 0,
  ADD KEY ix_post_term_popular (term, pick_count, post_id);

UPDATE post_term t JOIN post p ON p.id = t.post_id SET t.pick_count = p.pick_count;
