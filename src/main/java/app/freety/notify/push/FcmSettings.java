package app.freety.notify.push;

/** push.fcm, checked: the API's base URL, the project, and the service-account key read from its file. */
record FcmSettings(String baseUrl, String projectId, ServiceAccountKey key) {

  static FcmSettings from(SettingsSection fcm) {
    String baseUrl = fcm.baseUrl("baseUrl");
    ServiceAccountKey key = ServiceAccountKey.parse(
        fcm.readFile("serviceAccountFile", "the Firebase service-account JSON key"), fcm.name("serviceAccountFile"));
    String projectId = fcm.text("projectId").isEmpty() ? key.projectId() : fcm.text("projectId");
    if (!projectId.matches("[a-z0-9-]{1,64}")) {
      throw new IllegalArgumentException(projectId.isEmpty()
          ? fcm.name("projectId") + " is empty and the service-account key names no project_id: set it (or "
              + fcm.variable("projectId") + ") to the Firebase project id"
          : fcm.name("projectId") + " is not a Firebase project id: " + projectId + " (" + fcm.variable("projectId") + ")");
    }
    return new FcmSettings(baseUrl, projectId, key);
  }
}
