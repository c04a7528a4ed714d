package app.freety.auth;

import app.freety.platform.Language;

/** The text of the reset mail, in the language the client asked in. */
record PasswordResetMail(String subject, String text) {

  static PasswordResetMail of(Language language, String name, String link, long validMinutes) {
    return switch (language) {
      case KO -> new PasswordResetMail("[Freety] 비밀번호 재설정",
          name + "님, 안녕하세요.\n\n"
              + "아래 링크에서 새 비밀번호를 설정해 주세요. 링크는 " + validMinutes + "분 동안 한 번만 쓸 수 있습니다.\n\n"
              + link + "\n\n"
              + "비밀번호 재설정을 요청하지 않으셨다면 이 메일을 무시하셔도 됩니다.\n\nFreety");
      case EN -> new PasswordResetMail("[Freety] Reset your password",
          "Hello " + name + ",\n\n"
              + "Set a new password at the link below. It works once, within " + validMinutes + " minutes.\n\n"
              + link + "\n\n"
              + "If you did not ask to reset your password, you can ignore this mail.\n\nFreety");
    };
  }
}
