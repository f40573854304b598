package org.acoustid.fpindex.server.cluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.acoustid.fpindex.IndexRegistry;

/**
 * Stream names and subjects of one {@link JetStreamChangelog} prefix. Index names are {@code
 * [A-Za-z0-9_-]{1,255}} (spec §1), so they are safe as a subject token and in a stream name. Stream
 * names also become directory names on the NATS server, which caps them at {@value
 * #MAX_STREAM_NAME} characters: a data stream whose plain name would be longer is named after a
 * SHA-256 of the index instead, behind a {@code ~} that no index name contains.
 */
final class JetStreamNames {
  static final int MAX_STREAM_NAME = 255;

  private final String prefix;

  JetStreamNames(String prefix) {
    this.prefix = prefix;
  }

  static boolean isValidIndex(String index) {
    return IndexRegistry.isValidName(index);
  }

  String metaStream() {
    return prefix + "-meta";
  }

  /** The meta stream's subject filter: one token per index name. */
  String metaSubjects() {
    return prefix + ".meta.*";
  }

  String metaSubject(String index) {
    return prefix + ".meta." + index;
  }

  /** The index a meta subject names. */
  String indexOfMetaSubject(String subject) {
    return subject.substring(prefix.length() + ".meta.".length());
  }

  String dataStream(String index, long generation) {
    String plain = prefix + "-data-" + index + "-" + generation;
    if (plain.length() <= MAX_STREAM_NAME) {
      return plain;
    }
    return prefix + "-data-~" + sha256(index) + "-" + generation;
  }

  String dataSubject(String index, long generation) {
    return prefix + ".data." + index + "." + generation;
  }

  private static String sha256(String text) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError("every JDK has SHA-256", e);
    }
  }
}
