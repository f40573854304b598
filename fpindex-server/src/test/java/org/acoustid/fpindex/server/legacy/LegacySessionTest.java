package org.acoustid.fpindex.server.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.FpIndexConfig;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.server.ServerMetrics;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The legacy replies of the upstream test suite, byte for byte (without CRLF). */
class LegacySessionTest {
  private FpIndex index;
  private LegacySession session;

  @BeforeEach
  void setUp() {
    index = FpIndex.inMemory(FpIndexConfig.builder().build());
    session = new LegacySession(index, "main", new ServerMetrics());
  }

  @AfterEach
  void tearDown() {
    index.close();
  }

  private String run(String line) {
    return session.execute(line);
  }

  @Test
  void echoAndEmptyLines() {
    assertThat(run("echo hello   world")).isEqualTo("OK hello world");
    assertThat(run("")).isEqualTo("OK ");
    assertThat(run("   ")).isEqualTo("OK ");
    assertThat(run("frobnicate")).isEqualTo("ERR unknown command");
    assertThat(run("quit")).isEqualTo("ERR unknown command");
  }

  @Test
  void transactionsBufferUntilCommit() {
    assertThat(run("insert 1 1,2,3")).isEqualTo("ERR not in transaction");
    assertThat(run("begin")).isEqualTo("OK ");
    assertThat(run("begin")).isEqualTo("ERR already in transaction");
    assertThat(run("insert 1001 11000,12000,13000")).isEqualTo("OK ");
    assertThat(run("insert 1002 11000,12000,19000")).isEqualTo("OK ");
    assertThat(run("search 11000,12000,13000")).isEqualTo("OK ");
    assertThat(run("commit")).isEqualTo("OK ");
    assertThat(run("search 11000,12000,13000")).isEqualTo("OK 1001:3 1002:2");
    assertThat(run("search 11000,12000,19000")).isEqualTo("OK 1002:3 1001:2");
    assertThat(run("commit")).isEqualTo("ERR not in transaction");
  }

  @Test
  void rollbackDiscardsAndCommitWithIdZeroDropsEverything() {
    run("begin");
    run("insert 5 500,501");
    assertThat(run("rollback")).isEqualTo("OK ");
    assertThat(run("search 500,501")).isEqualTo("OK ");
    run("begin");
    run("insert 6 600");
    run("insert 0 601");
    assertThat(run("commit")).isEqualTo("ERR commit failed");
    assertThat(run("search 600")).isEqualTo("OK ");
    assertThat(run("rollback")).isEqualTo("ERR not in transaction");
  }

  @Test
  void aReplicaRefusesCommitsButStillSearches() throws Exception {
    index.update(List.of(new Insert(9, new int[] {1, 2, 3})), OptionalLong.empty());
    session = new LegacySession(index, "main", new ServerMetrics(), true);
    run("begin");
    run("insert 5 500,501");
    assertThat(run("commit")).startsWith("ERR commit failed");
    assertThat(index.get(5)).isEmpty();
    assertThat(run("search 1,2,3")).isEqualTo("OK 9:3");
  }

  @Test
  void argumentErrors() {
    assertThat(run("search")).isEqualTo("ERR expected one argument");
    assertThat(run("search 1 2")).isEqualTo("ERR expected one argument");
    assertThat(run("search notanumber")).isEqualTo("ERR invalid fingerprint");
    assertThat(run("search 1,,2")).isEqualTo("ERR invalid fingerprint");
    run("begin");
    assertThat(run("insert 1")).isEqualTo("ERR expected two arguments");
    assertThat(run("insert x 1")).isEqualTo("ERR invalid document id");
    assertThat(run("insert 4294967296 1")).isEqualTo("ERR invalid document id");
    assertThat(run("optimize")).isEqualTo("OK ");
  }

  @Test
  void hashesAreSigned64BitTruncatedTo32() {
    run("begin");
    run("insert 9 -1,4294967297");
    run("commit");
    assertThat(run("search 4294967295,1")).isEqualTo("OK 9:2");
  }

  @Test
  void sessionAndIndexAttributes() {
    run("begin");
    run("insert 1 1,2,3");
    run("insert 2 1,2");
    run("commit");
    assertThat(run("set max_results 1")).isEqualTo("OK ");
    assertThat(run("get max_results")).isEqualTo("OK 1");
    assertThat(run("search 1,2,3")).isEqualTo("OK 1:3");
    assertThat(run("set max_results x")).isEqualTo("ERR invalid value");
    assertThat(run("get attribute x")).isEqualTo("OK ");
    assertThat(run("set attribute x 123")).isEqualTo("ERR not in transaction");
    run("begin");
    assertThat(run("set attribute x 123")).isEqualTo("OK ");
    assertThat(run("get x")).isEqualTo("OK ");
    run("commit");
    assertThat(run("get x")).isEqualTo("OK 123");
    assertThat(index.info().metadata()).containsEntry("x", "123");
    assertThat(run("get")).isEqualTo("ERR expected one argument");
    assertThat(run("set a")).isEqualTo("ERR expected two arguments");
  }
}
