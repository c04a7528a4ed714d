package app.freety.platform;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import app.freety.dev.EmbeddedS3;
import app.freety.support.TestS3;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** The home-made signer must sign exactly as the SDK does, and S3 must accept what it signs. */
class GetUrlSignerTest {
  private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC);

  @ParameterizedTest
  @ValueSource(strings = {"posts/12/3f2a.jpg", "members/7/profile photo (1).jpg", "리뷰/사진+1~x.png"})
  void signsTheSameQueryAsTheSdkPresigner(String key) {
    for (String endpoint : new String[] {"http://127.0.0.1:9000", "https://s3.example.com", "https://cdn.example.com:8443/s3"}) {
      URI sdkUrl = sdkUrl(endpoint, key);
      Instant signedAt = Instant.from(STAMP.parse(query(sdkUrl).get("X-Amz-Date")));
      URI ours = URI.create(signer(endpoint, Clock.fixed(signedAt, ZoneOffset.UTC)).sign(key));

      assertEquals(sdkUrl.getRawPath(), ours.getRawPath(), endpoint + " " + key);
      assertEquals(sdkUrl.getHost(), ours.getHost());
      assertEquals(sdkUrl.getPort(), ours.getPort());
      assertEquals(query(sdkUrl), query(ours), endpoint + " " + key);
    }
  }

  @Test
  void s3AcceptsTheUrlAndRefusesItAltered() throws Exception {
    EmbeddedS3 s3 = TestS3.get();
    String key = "signer-test/" + System.nanoTime() + "/a b+c.jpg";
    byte[] bytes = "not really a jpeg".getBytes(StandardCharsets.UTF_8);
    try (S3AsyncClient client = TestS3.client(s3)) {
      client.putObject(put -> put.bucket(s3.bucket()).key(key), AsyncRequestBody.fromBytes(bytes)).join();
    }
    GetUrlSigner signer = new GetUrlSigner(URI.create(s3.endpoint()), s3.bucket(), "us-east-1",
        EmbeddedS3.ACCESS_KEY, EmbeddedS3.SECRET_KEY, Duration.ofMinutes(60), Clock.systemUTC());
    String url = signer.sign(key);

    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<byte[]> fetched = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, fetched.statusCode());
    assertArrayEquals(bytes, fetched.body());

    String otherKey = url.replace("a%20b", "a%20c");
    HttpResponse<byte[]> altered = http.send(HttpRequest.newBuilder(URI.create(otherKey)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(403, altered.statusCode());
  }

  private static GetUrlSigner signer(String endpoint, Clock clock) {
    return new GetUrlSigner(URI.create(endpoint), "freety", "ap-northeast-2", "AKIDEXAMPLE",
        "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", Duration.ofMinutes(60), clock);
  }

  private static URI sdkUrl(String endpoint, String key) {
    try (S3Presigner presigner = S3Presigner.builder()
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")))
        .region(Region.AP_NORTHEAST_2).endpointOverride(URI.create(endpoint))
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build()).build()) {
      return URI.create(presigner.presignGetObject(presign -> presign.signatureDuration(Duration.ofMinutes(60))
          .getObjectRequest(get -> get.bucket("freety").key(key))).url().toString());
    }
  }

  private static Map<String, String> query(URI url) {
    Map<String, String> parameters = new TreeMap<>();
    for (String pair : url.getRawQuery().split("&")) {
      String[] nameValue = pair.split("=", 2);
      parameters.put(nameValue[0], URLDecoder.decode(nameValue[1], StandardCharsets.UTF_8));
    }
    return parameters;
  }
}
