package org.acoustid.testing;

import io.nats.client.Connection;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.Nats;
import io.nats.client.Options;
import java.io.IOException;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A NATS connection with JetStream and a name prefix private to one test class. Streams whose name
 * starts with {@link #streamPrefix()} are deleted after the class; subjects should start with
 * {@link #subjectPrefix()}.
 */
public final class NatsFixture implements BeforeAllCallback, AfterAllCallback {
  private Connection connection;
  private String id;

  @Override
  public void beforeAll(ExtensionContext context) throws IOException, InterruptedException {
    id =
        context.getRequiredTestClass().getSimpleName().toUpperCase(Locale.ROOT)
            + "_"
            + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 16)
                .toUpperCase(Locale.ROOT);
    Options options =
        Options.builder()
            .server(ServiceEndpoints.natsUrl())
            .connectionTimeout(Duration.ofSeconds(5))
            .maxReconnects(0)
            .build();
    try {
      connection = Nats.connect(options);
    } catch (IOException e) {
      throw new IOException(
          "cannot reach NATS at " + ServiceEndpoints.natsUrl() + ServiceEndpoints.startHint(), e);
    }
  }

  @Override
  public void afterAll(ExtensionContext context)
      throws IOException, JetStreamApiException, InterruptedException {
    if (connection == null) {
      return;
    }
    try {
      JetStreamManagement jsm = connection.jetStreamManagement();
      for (String stream : jsm.getStreamNames()) {
        if (stream.startsWith(streamPrefix())) {
          jsm.deleteStream(stream);
        }
      }
    } finally {
      connection.close();
    }
  }

  public Connection connection() {
    return connection;
  }

  /** Prefix for stream names created by this test class. */
  public String streamPrefix() {
    return "TEST_" + id + "_";
  }

  /** Prefix for subjects used by this test class, ending with '.'. */
  public String subjectPrefix() {
    return "test." + id.toLowerCase(Locale.ROOT) + ".";
  }

  public String url() {
    return ServiceEndpoints.natsUrl();
  }
}
