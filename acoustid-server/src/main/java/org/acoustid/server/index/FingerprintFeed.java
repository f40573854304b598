package org.acoustid.server.index;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;
import org.acoustid.chromaprint.QueryExtractor;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.server.cluster.BelowRetentionException;
import org.acoustid.fpindex.server.cluster.Changelog;
import org.acoustid.fpindex.server.cluster.ChangelogException;
import org.acoustid.fpindex.server.cluster.CorpusStream;
import org.acoustid.fpindex.server.cluster.FeedReadOnlyException;
import org.acoustid.server.db.SqlArrays;

/**
 * The fingerprint database as a read-only changelog (specification §10.3): one lineage, index
 * {@value #INDEX} generation 1, whose entries are the rows of {@code fpindex_changelog} (position =
 * changelog id, change = an insert of the fingerprint's query) and whose corpus stream is the
 * {@code fingerprint} table read in id order. Served over the coordinator protocol by {@code
 * acoustid run feed}, it lets fpindex-server replicas ({@code --coordinator-url}) follow the
 * database: an empty node seeds from the corpus, then tails the changelog.
 *
 * <p>Changelog ids are commit-ordered (the trigger takes an advisory lock before drawing one), so
 * tailing {@code id > after} never skips a row. Positions at or below {@code
 * fpindex_meta.last_deleted_id} were dropped with their partition: reading there is below
 * retention.
 */
public final class FingerprintFeed implements Changelog {
  public static final String INDEX = "acoustid";
  public static final long GENERATION = 1;
  static final long IDLE_RETRY_MS = 1000;
  static final int CORPUS_CHUNK = 10_000;

  private final DataSource db;

  public FingerprintFeed(DataSource db) {
    this.db = db;
  }

  @Override
  public long createIndex(String index) throws IOException {
    throw new FeedReadOnlyException("the fingerprint feed has the one index " + INDEX);
  }

  @Override
  public long deleteIndex(String index) throws IOException {
    throw new FeedReadOnlyException("the fingerprint feed has the one index " + INDEX);
  }

  @Override
  public Page<MetaOp> readMeta(long after, int max) {
    List<MetaOp> ops =
        after < GENERATION ? List.of(new MetaOp(GENERATION, MetaOp.Kind.CREATE, INDEX)) : List.of();
    return new Page<>(ops, IDLE_RETRY_MS);
  }

  @Override
  public long append(String index, long generation, List<Change> changes, OptionalLong expected)
      throws IOException {
    throw new FeedReadOnlyException("fingerprints enter the feed through submissions");
  }

  @Override
  public Page<Entry> read(String index, long generation, long after, int max) throws IOException {
    if (isTheLineage(index, generation) == false) {
      return new Page<>(List.of(), IDLE_RETRY_MS);
    }
    try (Connection c = db.getConnection()) {
      try (Statement st = c.createStatement();
          ResultSet rs = st.executeQuery("SELECT last_deleted_id FROM fpindex_meta")) {
        if (rs.next()) {
          long deleted = rs.getLong(1);
          if (rs.wasNull() == false && after < deleted) {
            throw new BelowRetentionException(
                "changelog ids up to " + deleted + " were dropped; asked for those after " + after);
          }
        }
      }
      List<Entry> entries = new ArrayList<>();
      try (PreparedStatement st =
          SqlArrays.binary(
              c.prepareStatement(
                  "SELECT id, fingerprint_id, query FROM fpindex_changelog"
                      + " WHERE id > ? ORDER BY id LIMIT ?"))) {
        st.setLong(1, after);
        st.setInt(2, max);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            entries.add(
                new Entry(
                    rs.getLong(1),
                    List.of(new Insert(rs.getInt(2), SqlArrays.ints(rs.getArray(3))))));
          }
        }
      }
      return new Page<>(entries, entries.size() == max ? 0 : IDLE_RETRY_MS);
    } catch (SQLException e) {
      throw new ChangelogException("reading fpindex_changelog failed: " + e.getMessage(), e);
    }
  }

  /**
   * The {@code fingerprint} table in id order, chunk by chunk (each chunk its own short query), at
   * the changelog position read first: every changelog row up to it is committed, so its
   * fingerprint is in the table; rows committed later may appear twice, which replaying absorbs.
   */
  @Override
  public Optional<CorpusStream> openCorpus(String index, long generation) throws IOException {
    if (isTheLineage(index, generation) == false) {
      return Optional.empty();
    }
    long position;
    try (Connection c = db.getConnection();
        Statement st = c.createStatement();
        ResultSet rs = st.executeQuery("SELECT coalesce(max(id), 0) FROM fpindex_changelog")) {
      rs.next();
      position = rs.getLong(1);
    } catch (SQLException e) {
      throw new ChangelogException("reading fpindex_changelog failed: " + e.getMessage(), e);
    }
    return Optional.of(new TableCorpus(position));
  }

  private final class TableCorpus implements CorpusStream {
    private final long position;
    private long lastId;
    private boolean done;

    TableCorpus(long position) {
      this.position = position;
    }

    @Override
    public long position() {
      return position;
    }

    @Override
    public List<Change> nextBatch() throws IOException {
      while (done == false) {
        List<Change> batch = new ArrayList<>();
        int rows = 0;
        try (Connection c = db.getConnection();
            PreparedStatement st =
                SqlArrays.binary(
                    c.prepareStatement(
                        "SELECT id, fingerprint FROM fingerprint WHERE id > ? ORDER BY id LIMIT "
                            + CORPUS_CHUNK))) {
          st.setLong(1, lastId);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              rows++;
              lastId = rs.getInt(1);
              int[] query = QueryExtractor.extract(SqlArrays.ints(rs.getArray(2)));
              if (query.length > 0) {
                batch.add(new Insert((int) lastId, query));
              }
            }
          }
        } catch (SQLException e) {
          throw new ChangelogException("reading fingerprints failed: " + e.getMessage(), e);
        }
        done = rows < CORPUS_CHUNK;
        if (batch.isEmpty() == false) {
          return batch;
        }
      }
      return null;
    }

    @Override
    public void close() {}
  }

  private static boolean isTheLineage(String index, long generation) {
    return INDEX.equals(index) && generation == GENERATION;
  }

  @Override
  public void close() {}
}
