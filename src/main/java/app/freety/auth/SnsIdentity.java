package app.freety.auth;

/** Who a provider says a token belongs to; the user id comes only from the provider's answer. */
record SnsIdentity(SnsProvider provider, String userId, String email) {
}
