package org.acoustid.server.tools;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.cli.ProgressBar;
import org.acoustid.server.db.SqlArrays;
import org.acoustid.server.index.FingerprintIndex;
import org.acoustid.server.index.LocalFingerprintIndex;

/**
 * {@code acoustid index rebuild}: builds the in-process fingerprint index from the {@code
 * fingerprint} table into a fresh directory, then swaps it in place of the old one. The scan and
 * the changelog position come from one snapshot, so the rebuilt index resumes tailing exactly where
 * its content ends. Run it while no process has the index open.
 */
public final class IndexRebuild {
  static final int BATCH = 10_000;

  private IndexRebuild() {}

  /** Rebuilds {@code directory}; returns the number of fingerprints indexed. */
  public static long rebuild(DataSource db, Path directory, PrintWriter progressOut)
      throws Exception {
    Path fresh = directory.resolveSibling(directory.getFileName() + ".rebuild");
    deleteTree(fresh);
    long indexed = 0;
    try (Connection c = db.getConnection()) {
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      long position;
      long total;
      try (Statement st = c.createStatement();
          ResultSet rs =
              st.executeQuery(
                  "SELECT (SELECT coalesce(max(id), 0) FROM fpindex_changelog),"
                      + " (SELECT count(*) FROM fingerprint)")) {
        rs.next();
        position = rs.getLong(1);
        total = rs.getLong(2);
      }
      ProgressBar progress = new ProgressBar(progressOut, "fingerprints", total);
      try (LocalFingerprintIndex index = LocalFingerprintIndex.open(fresh);
          PreparedStatement st =
              SqlArrays.binary(
                  c.prepareStatement("SELECT id, fingerprint FROM fingerprint ORDER BY id"))) {
        st.setFetchSize(2000);
        List<FingerprintIndex.Entry> batch = new ArrayList<>(BATCH);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            batch.add(
                new FingerprintIndex.Entry(
                    rs.getInt(1), QueryExtractor.extract(SqlArrays.ints(rs.getArray(2)))));
            if (batch.size() == BATCH) {
              index.apply(batch, 0); // the position is recorded with the last batch
              indexed += batch.size();
              progress.step(batch.size());
              batch.clear();
            }
          }
        }
        index.apply(batch, position);
        indexed += batch.size();
        progress.step(batch.size());
        progress.finish();
        index.optimize();
      }
      c.rollback();
    }
    Path old = directory.resolveSibling(directory.getFileName() + ".old");
    deleteTree(old);
    if (Files.exists(directory)) {
      Files.move(directory, old, StandardCopyOption.ATOMIC_MOVE);
    }
    Files.move(fresh, directory, StandardCopyOption.ATOMIC_MOVE);
    deleteTree(old);
    return indexed;
  }

  /** Deletes a directory tree (nothing when it does not exist). */
  public static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
