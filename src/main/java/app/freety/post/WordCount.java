package app.freety.post;

/**
 * What a word of q matches among the terms: how many (word, post) terms, counted up to a cap, and
 * the one distinct term when there is only one (else null).
 */
record WordCount(long terms, String onlyTerm) {
}
