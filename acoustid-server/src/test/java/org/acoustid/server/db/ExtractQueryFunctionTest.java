package org.acoustid.server.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.testing.PostgresFixture;
import org.acoustid.testing.Seeded;
import org.acoustid.testing.SharedTestData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The SQL {@code acoustid_extract_query} that feeds the index changelog agrees with the Java
 * extractor the lookup uses, on every golden fingerprint and on random ones full of silence.
 */
@Seeded
class ExtractQueryFunctionTest {
  @RegisterExtension static final PostgresFixture pg = new PostgresFixture();
  static Database db;

  @BeforeAll
  static void migrate() {
    db = TestDatabases.migrated(pg);
  }

  @AfterAll
  static void close() {
    db.close();
  }

  static int[] sql(Connection c, int[] hashes) throws Exception {
    try (PreparedStatement st = c.prepareStatement("SELECT acoustid_extract_query(?)")) {
      st.setArray(1, SqlArrays.int4(c, hashes));
      try (ResultSet rs = st.executeQuery()) {
        rs.next();
        return SqlArrays.ints(rs.getArray(1));
      }
    }
  }

  @Test
  void goldenFingerprints() throws Exception {
    List<Path> files;
    try (Stream<Path> s = Files.list(SharedTestData.dir("chromaprint").resolve("fingerprints"))) {
      files = s.filter(p -> p.toString().endsWith(".fpcalc.raw.json")).sorted().toList();
    }
    assertThat(files).hasSizeGreaterThan(20);
    ObjectMapper json = new ObjectMapper();
    try (Connection c = db.dataSource().getConnection()) {
      for (Path file : files) {
        JsonNode items = json.readTree(file.toFile()).get("fingerprint");
        int[] raw = new int[items.size()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = (int) items.get(i).asLong();
        }
        assertThat(sql(c, raw))
            .as(file.getFileName().toString())
            .isEqualTo(QueryExtractor.extract(raw));
      }
    }
  }

  @Test
  void randomFingerprintsWithSilenceAndRepeats(Random random) throws Exception {
    try (Connection c = db.dataSource().getConnection()) {
      for (int round = 0; round < 200; round++) {
        int n = random.nextInt(400);
        int[] raw = new int[n];
        List<Integer> pool = new ArrayList<>();
        for (int i = 0; i < 1 + random.nextInt(300); i++) {
          pool.add(random.nextInt());
        }
        for (int i = 0; i < n; i++) {
          int pick = random.nextInt(10);
          raw[i] =
              pick == 0 ? QueryExtractor.SILENCE : pool.get(random.nextInt(pool.size())) ^ pick;
        }
        assertThat(sql(c, raw)).as("round %d", round).isEqualTo(QueryExtractor.extract(raw));
      }
    }
  }
}
