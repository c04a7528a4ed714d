package app.freety.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An nginx configuration read as nginx reads it: directives with their arguments (quotes removed),
 * blocks with their children. Enough to ask which server, location or upstream says what.
 */
record NginxConf(String name, List<String> args, List<NginxConf> children) {

  static NginxConf parse(String text) {
    Tokens tokens = new Tokens(text);
    NginxConf root = new NginxConf("", List.of(), new ArrayList<>());
    readBlock(tokens, root.children, false);
    return root;
  }

  String arg(int index) {
    return args.get(index);
  }

  /** Every direct child directive with this name. */
  List<NginxConf> all(String directive) {
    return children.stream().filter(child -> child.name.equals(directive)).toList();
  }

  Optional<NginxConf> first(String directive) {
    return all(directive).stream().findFirst();
  }

  NginxConf one(String directive) {
    List<NginxConf> found = all(directive);
    if (found.size() != 1) {
      throw new AssertionError("expected one '" + directive + "' in '" + name + " " + args + "', found " + found.size());
    }
    return found.get(0);
  }

  /** The child block `directive args...`, e.g. block("location", "=", "/api/v1/ws"). */
  NginxConf block(String directive, String... blockArgs) {
    return all(directive).stream().filter(child -> child.args.equals(List.of(blockArgs))).findFirst()
        .orElseThrow(() -> new AssertionError("no '" + directive + " " + String.join(" ", blockArgs) + "' block"));
  }

  /** The server block that listens on this port. */
  NginxConf server(int port) {
    return all("server").stream()
        .filter(server -> server.all("listen").stream().anyMatch(listen -> listen.arg(0).equals(Integer.toString(port))))
        .findFirst().orElseThrow(() -> new AssertionError("no server listening on " + port));
  }

  private static void readBlock(Tokens tokens, List<NginxConf> into, boolean nested) {
    while (true) {
      String word = tokens.next();
      if (word == null) {
        if (nested) {
          throw new IllegalArgumentException("unclosed block");
        }
        return;
      }
      if (word.equals("}")) {
        return;
      }
      List<String> args = new ArrayList<>();
      String next = tokens.next();
      while (next != null && !next.equals(";") && !next.equals("{")) {
        args.add(next);
        next = tokens.next();
      }
      List<NginxConf> children = new ArrayList<>();
      if ("{".equals(next)) {
        readBlock(tokens, children, true);
      } else if (next == null) {
        throw new IllegalArgumentException("'" + word + "' does not end with ';'");
      }
      into.add(new NginxConf(word, List.copyOf(args), children));
    }
  }

  /** Words, quoted strings (without their quotes), and the punctuation { } ;. Comments are skipped. */
  private static final class Tokens {
    private final String text;
    private int at;

    Tokens(String text) {
      this.text = text;
    }

    String next() {
      skipSpaceAndComments();
      if (at >= text.length()) {
        return null;
      }
      char c = text.charAt(at);
      if (c == '{' || c == '}' || c == ';') {
        at++;
        return String.valueOf(c);
      }
      if (c == '"' || c == '\'') {
        int end = text.indexOf(c, at + 1);
        String quoted = text.substring(at + 1, end);
        at = end + 1;
        return quoted;
      }
      int start = at;
      while (at < text.length() && !Character.isWhitespace(text.charAt(at)) && ";{}".indexOf(text.charAt(at)) < 0) {
        at++;
      }
      return text.substring(start, at);
    }

    private void skipSpaceAndComments() {
      while (at < text.length()) {
        char c = text.charAt(at);
        if (Character.isWhitespace(c)) {
          at++;
        } else if (c == '#') {
          while (at < text.length() && text.charAt(at) != '\n') {
            at++;
          }
        } else {
          return;
        }
      }
    }
  }
}
