package org.acoustid.fpindex.server.cluster;

import java.io.IOException;
import java.util.List;
import org.acoustid.fpindex.Change;

/**
 * A lineage's whole content at one feed position, read as batches of changes. A stream that ends
 * without its terminator is an error ({@link IOException}), never a shorter corpus.
 */
public interface CorpusStream extends AutoCloseable {

  /** The feed position the corpus is current at; replay resumes above it. */
  long position();

  /** The next batch, or null after the terminator. */
  List<Change> nextBatch() throws IOException;

  @Override
  void close() throws IOException;
}
