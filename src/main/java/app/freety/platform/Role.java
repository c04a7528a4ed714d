package app.freety.platform;

public enum Role {
  DESIGNER, MODEL
}
