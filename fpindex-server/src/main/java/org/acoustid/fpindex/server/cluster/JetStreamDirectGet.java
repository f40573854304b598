package org.acoustid.fpindex.server.cluster;

import io.nats.client.Connection;
import io.nats.client.Message;
import io.nats.client.Subscription;
import io.nats.client.api.MessageGetRequest;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.fpindex.server.cluster.JetStreamPayload.Stored;

/**
 * Reads a run of stream messages by sequence through JetStream's direct get API ({@code
 * allow_direct}): stateless on the server, answered by any replica of the stream, and pipelined, so
 * a page does not cost a round trip per message. The batch direct get would take one request per
 * page but needs nats-server 2.11; this works from 2.9.
 *
 * <p>Thread-safe: each fetch has its own inbox subscription.
 */
final class JetStreamDirectGet {
  /** A fetch asks for no more messages once it holds this many payload bytes. */
  static final long MAX_PAGE_BYTES = 32L << 20;

  /** Bound of the answers a fetch may have in flight: outstanding requests x max_payload. */
  static final long MAX_IN_FLIGHT_BYTES = 32L << 20;

  /** Most direct gets a fetch has outstanding at a time. */
  static final int MAX_WINDOW = 64;

  // the API under the default $JS.API prefix; the answer is the message itself, its sequence and
  // subject in headers, or a 404 status when the stream does not hold it
  private static final String DIRECT_GET = "$JS.API.DIRECT.GET.";
  private static final String NATS_SEQUENCE = "Nats-Sequence";
  private static final String NATS_SUBJECT = "Nats-Subject";

  private final Connection connection;
  private final String url;
  private final Duration timeout;

  JetStreamDirectGet(Connection connection, String url, Duration timeout) {
    this.connection = connection;
    this.url = url;
    this.timeout = timeout;
  }

  /**
   * Messages {@code from..to} by direct gets answered to one inbox subscription ({@code
   * <inbox>.<i>} says which request an answer belongs to, whichever replica sent it). Up to a
   * window of requests is outstanding at a time, so a page costs about one round trip per window
   * instead of one per message; the window times the largest possible message stays within {@link
   * #MAX_IN_FLIGHT_BYTES}, and no request is sent once the page holds {@link #MAX_PAGE_BYTES}, so a
   * page of large batches cannot exhaust the heap. Returns the run of messages from {@code from} up
   * to the first one missing (dropped by retention meanwhile) or not asked for.
   *
   * <p>One subscription per page instead of jnats' request futures, which flush and track each
   * message on their own: that took about twice the time for 256 messages.
   */
  List<Stored> fetch(String stream, long from, long to) throws IOException {
    String subject = DIRECT_GET + stream;
    int count = Math.toIntExact(to - from + 1);
    int window = Math.clamp(MAX_IN_FLIGHT_BYTES / connection.getMaxPayload(), 1, MAX_WINDOW);
    Stored[] found = new Stored[count];
    String inbox = connection.createInbox();
    Subscription answers = connection.subscribe(inbox + ".*");
    answers.setPendingLimits(0, 0); // the window bounds what can be pending
    try {
      int sent = 0;
      int received = 0;
      long bytes = 0;
      long deadline = System.nanoTime() + timeout.toNanos();
      while (received < sent || (sent < count && bytes < MAX_PAGE_BYTES)) {
        while (sent < count && sent - received < window && bytes < MAX_PAGE_BYTES) {
          connection.publish(
              subject, inbox + "." + sent, MessageGetRequest.forSequence(from + sent).serialize());
          sent++;
        }
        long left = deadline - System.nanoTime();
        Message answer = left > 0 ? answers.nextMessage(Duration.ofNanos(left)) : null;
        if (answer == null) {
          throw new ChangelogException(
              "NATS at " + url + ": read " + stream + ": no answer within " + timeout);
        }
        received++;
        if (answer.isStatusMessage()) {
          if (answer.getStatus().getCode() == 404) {
            continue; // not stored (any more); the slot stays empty
          }
          // 503, no responders: the stream went away, e.g. its lineage was deleted
          throw new ChangelogException(
              "NATS at "
                  + url
                  + ": read "
                  + stream
                  + ": "
                  + answer.getStatus().getMessageWithCode());
        }
        int slot = Integer.parseInt(answer.getSubject().substring(inbox.length() + 1));
        long sequence = Long.parseLong(answer.getHeaders().getFirst(NATS_SEQUENCE));
        if (sequence != from + slot) {
          throw new ChangelogException(
              "NATS at "
                  + url
                  + ": asked "
                  + stream
                  + " for #"
                  + (from + slot)
                  + ", got #"
                  + sequence);
        }
        String messageSubject = answer.getHeaders().getFirst(NATS_SUBJECT);
        found[slot] = new Stored(stream, sequence, messageSubject, answer.getData());
        bytes += answer.getData().length;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted reading " + stream);
    } catch (RuntimeException e) {
      throw new ChangelogException("NATS at " + url + ": read " + stream + ": " + e, e);
    } finally {
      answers.unsubscribe();
    }
    List<Stored> messages = new ArrayList<>(count);
    for (Stored message : found) {
      if (message == null) {
        break;
      }
      messages.add(message);
    }
    return messages;
  }
}
