package org.acoustid.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.nats.client.JetStream;
import io.nats.client.JetStreamManagement;
import io.nats.client.Message;
import io.nats.client.api.PublishAck;
import io.nats.client.api.StorageType;
import io.nats.client.api.StreamConfiguration;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves the fixtures reach the real services: write, read back, compare. */
class ServiceFixturesTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  @RegisterExtension static final RedisFixture redis = new RedisFixture();
  @RegisterExtension static final NatsFixture nats = new NatsFixture();

  @Test
  void postgresDatabaseIsFreshAndWritable() throws Exception {
    try (Connection c = pg.connect();
        Statement st = c.createStatement()) {
      try (ResultSet rs = st.executeQuery("SELECT current_database()")) {
        assertThat(rs.next()).isTrue();
        assertThat(rs.getString(1)).isEqualTo(pg.databaseName());
      }
      try (ResultSet rs =
          st.executeQuery(
              "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")) {
        rs.next();
        assertThat(rs.getInt(1)).as("a fresh database has no tables").isZero();
      }
      st.execute("CREATE TABLE fingerprint (id int PRIMARY KEY, hashes int[] NOT NULL)");
      try (PreparedStatement ins = c.prepareStatement("INSERT INTO fingerprint VALUES (?, ?)")) {
        ins.setInt(1, 7);
        ins.setArray(2, c.createArrayOf("int4", new Integer[] {1, -2, 3}));
        ins.executeUpdate();
      }
      try (ResultSet rs = st.executeQuery("SELECT hashes FROM fingerprint WHERE id = 7")) {
        assertThat(rs.next()).isTrue();
        assertThat((Integer[]) rs.getArray(1).getArray()).containsExactly(1, -2, 3);
      }
    }
  }

  @Test
  void redisRoundTripsUnderThePrivatePrefix() {
    String key = redis.prefix() + "counter";
    assertThat(redis.commands().incrby(key, 5)).isEqualTo(5);
    assertThat(redis.commands().incrby(key, 2)).isEqualTo(7);
    assertThat(redis.commands().get(key)).isEqualTo("7");
  }

  @Test
  void natsJetStreamPersistsAndReplaysInOrder() throws Exception {
    String stream = nats.streamPrefix() + "CHANGES";
    String subject = nats.subjectPrefix() + "changes";
    JetStreamManagement jsm = nats.connection().jetStreamManagement();
    jsm.addStream(
        StreamConfiguration.builder()
            .name(stream)
            .subjects(subject)
            .storageType(StorageType.Memory)
            .build());
    JetStream js = nats.connection().jetStream();
    for (int i = 1; i <= 5; i++) {
      PublishAck ack = js.publish(subject, ("change-" + i).getBytes(StandardCharsets.UTF_8));
      assertThat(ack.getSeqno()).isEqualTo(i);
    }
    List<String> read = new ArrayList<>();
    var consumer =
        nats.connection()
            .getStreamContext(stream)
            .createOrderedConsumer(new io.nats.client.api.OrderedConsumerConfiguration());
    try (var iterator = consumer.iterate()) {
      for (int i = 0; i < 5; i++) {
        Message m = iterator.nextMessage(Duration.ofSeconds(5));
        assertThat(m).as("message %d arrives", i + 1).isNotNull();
        read.add(new String(m.getData(), StandardCharsets.UTF_8));
      }
    }
    assertThat(read).containsExactly("change-1", "change-2", "change-3", "change-4", "change-5");
  }
}
