package app.freety.message;

/** Event-bus addresses of the messaging feature. */
public final class MessageAddresses {
  public static final String START = "freety.message.start";
  public static final String CONVERSATIONS = "freety.message.conversations";
  public static final String CONVERSATION = "freety.message.conversation";
  public static final String HISTORY = "freety.message.history";
  public static final String SEND = "freety.message.send";
  public static final String READ = "freety.message.read";
  public static final String BLOCK = "freety.message.block";
  public static final String UNBLOCK = "freety.message.unblock";
  public static final String BLOCKS = "freety.message.blocks";

  private MessageAddresses() {
  }
}
