package app.freety.support;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;

/** Sending photos the two ways the apps may, and reading them back through the URLs we hand out. */
public final class Uploads {
  private Uploads() {
  }

  /** The image as the whole body, with the content type the client claims. */
  public static Future<HttpResponse<Buffer>> raw(WebClient client, String method, String path, String token,
      String contentType, byte[] bytes) {
    return request(client, method, path, token).putHeader("Content-Type", contentType).sendBuffer(Buffer.buffer(bytes));
  }

  /** The image as the multipart file part named "image". */
  public static Future<HttpResponse<Buffer>> multipart(WebClient client, String method, String path, String token,
      String fileName, String contentType, byte[] bytes) {
    return request(client, method, path, token)
        .sendMultipartForm(MultipartForm.create().attribute("caption", "from the test")
            .binaryFileUpload("image", fileName, Buffer.buffer(bytes), contentType));
  }

  /** Downloads what a returned URL points at (a presigned S3Proxy URL in tests). */
  public static HttpResponse<Buffer> fetch(WebClient client, String url) {
    return Await.result(client.getAbs(url).send());
  }

  public static JsonObject ok(HttpResponse<Buffer> response, int status) {
    if (response.statusCode() != status) {
      throw new AssertionError("expected " + status + " but got " + response.statusCode() + ": " + response.bodyAsString());
    }
    return response.bodyAsJsonObject();
  }

  private static HttpRequest<Buffer> request(WebClient client, String method, String path, String token) {
    HttpRequest<Buffer> request = "PUT".equals(method) ? client.put(path) : client.post(path);
    return request.putHeader("Authorization", "Bearer " + token);
  }
}
