package org.acoustid.server.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Random;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.SearchHit;
import org.acoustid.fpindex.SearchRequest;
import org.acoustid.fpindex.server.cluster.BelowRetentionException;
import org.acoustid.fpindex.server.cluster.CoordinatorClient;
import org.acoustid.fpindex.server.cluster.CoordinatorServer;
import org.acoustid.fpindex.server.cluster.FeedReadOnlyException;
import org.acoustid.fpindex.server.cluster.PeerBootstrap;
import org.acoustid.fpindex.server.cluster.Replica;
import org.acoustid.server.db.Database;
import org.acoustid.server.db.SqlArrays;
import org.acoustid.server.db.TestDatabases;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fingerprint database served as a read-only coordinator feed, followed by a real fpindex
 * replica: an empty replica seeds itself from the corpus stream (the fingerprint table), then tails
 * the changelog, so fingerprints imported later become searchable on the node too.
 */
@Seeded
class FingerprintFeedTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;
  static CoordinatorServer feed;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    db = TestDatabases.migrated(pg);
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate(
          "INSERT INTO track (id, gid) VALUES (1, '9ff43b6a-4f16-427c-93c2-92307ca505e0')");
    }
    feed = CoordinatorServer.start("127.0.0.1", 0, new FingerprintFeed(db.dataSource()));
  }

  @AfterAll
  static void stop() {
    feed.close();
    db.close();
  }

  private static int insertFingerprint(int[] fingerprint) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        PreparedStatement st =
            c.prepareStatement(
                "INSERT INTO fingerprint (fingerprint, length, track_id, submission_count)"
                    + " VALUES (?, 120, 1, 1) RETURNING id")) {
      st.setArray(1, SqlArrays.int4(c, fingerprint));
      var rs = st.executeQuery();
      rs.next();
      return rs.getInt(1);
    }
  }

  private static long lastChangelogId() throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement();
        var rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM fpindex_changelog")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static int[] randomFingerprint(Random random) {
    return random.ints(400).toArray();
  }

  @Test
  void aReplicaSeedsFromTheTableThenTailsTheChangelog(Random random) throws Exception {
    Map<Integer, int[]> fingerprints = new HashMap<>();
    for (int i = 0; i < 30; i++) {
      int[] fp = randomFingerprint(random);
      fingerprints.put(insertFingerprint(fp), fp);
    }
    // the changelog rows so far were dropped with their partition: only the corpus can seed
    long seeded = lastChangelogId();
    setLastDeleted(seeded);
    URI url = URI.create("http://127.0.0.1:" + feed.port());
    try (IndexRegistry registry =
            IndexRegistry.open(tmp.resolve("node"), FpIndexConfig.builder().build());
        CoordinatorClient changelog = new CoordinatorClient(url)) {
      Replica replica =
          new Replica(registry, changelog, new PeerBootstrap(registry, List.of(), Duration.ZERO))
              .start();
      try {
        awaitApplied(replica, seeded);
        for (int i = 0; i < 10; i++) { // imported while the node runs
          int[] fp = randomFingerprint(random);
          fingerprints.put(insertFingerprint(fp), fp);
        }
        long tailed = lastChangelogId();
        awaitApplied(replica, tailed);
        FpIndex index = registry.get(FingerprintFeed.INDEX).orElseThrow();
        assertThat(index.info().version()).isEqualTo(tailed);
        for (Map.Entry<Integer, int[]> fp : fingerprints.entrySet()) {
          assertThat(index.get(fp.getKey())).as("fingerprint %d", fp.getKey()).isPresent();
          List<SearchHit> hits =
              index.search(SearchRequest.of(QueryExtractor.extract(fp.getValue()))).hits();
          assertThat(hits.getFirst().id()).isEqualTo(fp.getKey());
        }
      } finally {
        replica.close();
        setLastDeleted(-1);
      }
    }
  }

  /** Records that changelog ids up to {@code id} were dropped; -1 forgets it. */
  private static void setLastDeleted(long id) throws Exception {
    try (Connection c = db.dataSource().getConnection();
        Statement st = c.createStatement()) {
      st.executeUpdate("DELETE FROM fpindex_meta");
      if (id >= 0) {
        st.executeUpdate("INSERT INTO fpindex_meta (last_deleted_id) VALUES (" + id + ")");
      }
    }
  }

  private static void awaitApplied(Replica replica, long position) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (replica.applied(FingerprintFeed.INDEX) < 0 && System.nanoTime() < deadline) {
      Thread.sleep(5); // until the meta feed was folded and the lineage is followed
    }
    assertThat(replica.awaitApplied(FingerprintFeed.INDEX, position, Duration.ofSeconds(30)))
        .as("replica applied changelog id %d", position)
        .isTrue();
  }

  @Test
  void writesAreRefusedAndDroppedPartitionsAreBelowRetention(Random random) throws Exception {
    long generation = FingerprintFeed.GENERATION;
    try (CoordinatorClient client =
        new CoordinatorClient(URI.create("http://127.0.0.1:" + feed.port()))) {
      assertThat(client.readMeta(0, 10).items())
          .extracting(op -> op.index() + "/" + op.position() + "/" + op.kind())
          .containsExactly("acoustid/1/CREATE");
      assertThatThrownBy(() ->
              client.append("acoustid", generation, List.of(new Delete(1)), OptionalLong.empty()))
          .isInstanceOf(FeedReadOnlyException.class);
      assertThatThrownBy(() -> client.createIndex("other"))
          .isInstanceOf(FeedReadOnlyException.class);
      assertThat(client.read("other", 1, 0, 10).items()).isEmpty();

      insertFingerprint(randomFingerprint(random));
      long last = lastChangelogId();
      setLastDeleted(last);
      try {
        assertThatThrownBy(() -> client.read("acoustid", generation, last - 1, 10))
            .isInstanceOf(BelowRetentionException.class);
        assertThat(client.read("acoustid", generation, last, 10).items()).isEmpty();
      } finally {
        setLastDeleted(-1);
      }
    }
  }
}
