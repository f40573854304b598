package org.acoustid.server.queue;

import io.nats.client.Connection;
import io.nats.client.JetStream;
import io.nats.client.JetStreamApiException;
import io.nats.client.JetStreamManagement;
import io.nats.client.JetStreamSubscription;
import io.nats.client.Message;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.nats.client.PullSubscribeOptions;
import io.nats.client.api.AckPolicy;
import io.nats.client.api.ConsumerConfiguration;
import io.nats.client.api.RetentionPolicy;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.acoustid.server.importer.ImportWorker;
import org.acoustid.server.importer.SubmissionImporter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * New-submission notices on NATS JetStream: the API publishes each committed submission id to a
 * work-queue stream; import workers share one durable pull consumer, import the id and acknowledge
 * only after the import committed, so a worker that dies mid-import leaves the message to be
 * redelivered (after the ack wait) to another. The notice is only a wake-up: the submission row is
 * the truth, and the workers' periodic sweep of {@code pending_submission} imports anything whose
 * notice was lost, so no submission depends on NATS delivery.
 */
public final class SubmissionQueue implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SubmissionQueue.class);
  static final String DURABLE = "import-worker";
  static final Duration ACK_WAIT = Duration.ofSeconds(60);

  private final Connection connection;
  private final JetStream jetStream;
  private final NatsSettings settings;
  private final AtomicLong publishFailures = new AtomicLong();
  private volatile boolean closed;
  private Thread consumer;

  private SubmissionQueue(Connection connection, NatsSettings settings) throws IOException {
    this.connection = connection;
    this.settings = settings;
    this.jetStream = connection.jetStream();
  }

  /** Connects and makes sure the stream and the durable consumer exist. */
  public static SubmissionQueue connect(NatsSettings settings)
      throws IOException, InterruptedException {
    Connection c =
        Nats.connect(
            Options.builder()
                .server(settings.url())
                .connectionTimeout(Duration.ofSeconds(5))
                .maxReconnects(-1)
                .build());
    try {
      JetStreamManagement jsm = c.jetStreamManagement();
      if (!jsm.getStreamNames().contains(settings.stream())) {
        jsm.addStream(
            StreamConfiguration.builder()
                .name(settings.stream())
                .subjects(settings.subject())
                .retentionPolicy(RetentionPolicy.WorkQueue)
                .storageType(StorageType.File)
                .build());
      }
      jsm.addOrUpdateConsumer(
          settings.stream(),
          ConsumerConfiguration.builder()
              .durable(DURABLE)
              .ackPolicy(AckPolicy.Explicit)
              .ackWait(ACK_WAIT)
              .filterSubject(settings.subject())
              .build());
      return new SubmissionQueue(c, settings);
    } catch (JetStreamApiException | IOException e) {
      c.close();
      throw new IOException("NATS JetStream at " + settings.url() + ": " + e.getMessage(), e);
    }
  }

  /**
   * Publishes committed submission ids. A failure is logged and counted, never thrown: the sweep
   * imports those submissions anyway.
   */
  public void published(List<Integer> ids) {
    for (int id : ids) {
      try {
        jetStream.publish(
            settings.subject(), Integer.toString(id).getBytes(StandardCharsets.UTF_8));
      } catch (IOException | JetStreamApiException | RuntimeException e) {
        publishFailures.incrementAndGet();
        log.warn(
            "could not publish submission {} to NATS (the sweep will import it): {}",
            id,
            e.toString());
      }
    }
  }

  /** Notices that could not be published. */
  public long publishFailures() {
    return publishFailures.get();
  }

  /** Starts consuming notices on a platform thread, importing each with {@code worker}. */
  public SubmissionQueue consume(ImportWorker worker) throws IOException {
    JetStreamSubscription subscription;
    try {
      subscription =
          jetStream.subscribe(
              settings.subject(), PullSubscribeOptions.bind(settings.stream(), DURABLE));
    } catch (JetStreamApiException e) {
      throw new IOException("cannot bind to NATS consumer " + DURABLE + ": " + e.getMessage(), e);
    }
    consumer =
        Thread.ofPlatform()
            .name("nats-import")
            .daemon()
            .start(() -> {
              while (!closed) {
                try {
                  for (Message m : subscription.fetch(100, Duration.ofSeconds(1))) {
                    handle(worker, m);
                  }
                } catch (RuntimeException e) {
                  if (!closed) {
                    log.warn("NATS consumer failed, retrying: {}", e.toString());
                    sleepQuietly(1000);
                  }
                }
              }
            });
    return this;
  }

  private static void handle(ImportWorker worker, Message m) {
    int id;
    try {
      id = Integer.parseInt(new String(m.getData(), StandardCharsets.UTF_8).strip());
    } catch (NumberFormatException e) {
      log.warn("dropping a malformed submission notice: {}", e.getMessage());
      m.ack();
      return;
    }
    try {
      SubmissionImporter.Outcome outcome = worker.importById(id);
      if (outcome == SubmissionImporter.Outcome.RETRY) {
        m.nakWithDelay(Duration.ofSeconds(1)); // another import holds its locks
      } else {
        m.ack(); // committed (or already handled by another worker or the sweep)
      }
    } catch (Exception e) {
      log.warn("import of submission {} failed, NATS will redeliver it: {}", id, e.toString());
      m.nakWithDelay(Duration.ofSeconds(5));
    }
  }

  private static void sleepQuietly(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    if (consumer != null) {
      consumer.join(5000);
    }
    connection.close();
  }
}
