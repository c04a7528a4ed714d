package app.freety.account;

/** Event-bus addresses of the account feature (export and deletion of one's own account). */
public final class AccountAddresses {
  public static final String EXPORT = "freety.account.export";
  public static final String DELETE = "freety.account.delete";

  private AccountAddresses() {
  }
}
