package org.acoustid.fpindex.wal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.SetMetadata;

/**
 * One commit in the write-ahead log.
 *
 * <pre>
 * Record  := length:u32 crc32c:u32 Payload          (crc over Payload; little-endian)
 * Payload := version:u64 count:u32 Change*
 * Change  := 1:u8 id:u32 n:u32 hash:u32[n]          insert
 *          | 2:u8 id:u32                            delete
 *          | 3:u8 keyLen:u32 key valueLen:u32 value  set metadata (UTF-8)
 *          | 4:u8 previous:u64                      follows version previous (first entry only)
 * </pre>
 *
 * <p>A commit normally follows version {@code version - 1}, and recovery treats any other jump as a
 * lost record. A replica's commits carry changelog positions, which may skip numbers; such a record
 * starts with entry 4 (counted in {@code count}) naming the version it follows, so a lost record is
 * still detected. Records without it, including every record of older logs, follow {@code version -
 * 1}.
 *
 * @param previousVersion the version this commit follows
 */
public record WalRecord(long version, long previousVersion, List<Change> changes) {
  static final byte INSERT = 1;
  static final byte DELETE = 2;
  static final byte SET_METADATA = 3;
  static final byte FOLLOWS = 4;
  static final int FRAME_BYTES = 8;

  /** The framed record of a commit that follows {@code version - 1}, ready to append. */
  public static byte[] encode(long version, List<? extends Change> changes) {
    return encode(version, version - 1, changes);
  }

  /** The framed record of a commit that follows {@code previousVersion}, ready to append. */
  public static byte[] encode(long version, long previousVersion, List<? extends Change> changes) {
    if (previousVersion >= version || previousVersion < 0) {
      throw new IllegalArgumentException(
          "version " + version + " cannot follow version " + previousVersion);
    }
    boolean jump = previousVersion != version - 1;
    long size = 12 + (jump ? 9 : 0);
    for (Change c : changes) {
      size +=
          switch (c) {
            case Insert i -> 9 + 4L * i.hashes().length;
            case Delete d -> 5;
            case SetMetadata m ->
                9
                    + m.key().getBytes(StandardCharsets.UTF_8).length
                    + m.value().getBytes(StandardCharsets.UTF_8).length;
          };
    }
    if (size > Integer.MAX_VALUE - FRAME_BYTES) {
      throw new IllegalArgumentException(
          "one commit encodes to " + size + " bytes, over the 2 GiB record limit");
    }
    ByteBuffer b = ByteBuffer.allocate((int) size + FRAME_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    b.position(FRAME_BYTES);
    b.putLong(version).putInt(changes.size() + (jump ? 1 : 0));
    if (jump) {
      b.put(FOLLOWS).putLong(previousVersion);
    }
    for (Change c : changes) {
      switch (c) {
        case Insert i -> {
          b.put(INSERT).putInt(i.id()).putInt(i.hashes().length);
          for (int h : i.hashes()) {
            b.putInt(h);
          }
        }
        case Delete d -> b.put(DELETE).putInt(d.id());
        case SetMetadata m -> {
          byte[] k = m.key().getBytes(StandardCharsets.UTF_8);
          byte[] v = m.value().getBytes(StandardCharsets.UTF_8);
          b.put(SET_METADATA).putInt(k.length).put(k).putInt(v.length).put(v);
        }
      }
    }
    b.putInt(0, (int) size);
    java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
    crc.update(b.array(), FRAME_BYTES, (int) size);
    b.putInt(4, (int) crc.getValue());
    return b.array();
  }

  /**
   * Decodes a payload whose CRC already matched; malformed content throws IllegalArgumentException.
   */
  static WalRecord decodePayload(ByteBuffer payload) {
    payload.order(ByteOrder.LITTLE_ENDIAN);
    long version = payload.getLong();
    int count = payload.getInt();
    if (count < 0 || count > payload.remaining()) {
      throw new IllegalArgumentException("change count " + count + " exceeds the record");
    }
    List<Change> changes = new ArrayList<>(count);
    long previousVersion = version - 1;
    for (int i = 0; i < count; i++) {
      byte type = payload.get();
      switch (type) {
        case FOLLOWS -> {
          if (i != 0) {
            throw new IllegalArgumentException("version link after the first change");
          }
          previousVersion = payload.getLong();
          if (previousVersion < 0 || previousVersion >= version) {
            throw new IllegalArgumentException(
                "version " + version + " cannot follow version " + previousVersion);
          }
        }
        case INSERT -> {
          int id = payload.getInt();
          int n = payload.getInt();
          if (n < 0 || 4L * n > payload.remaining()) {
            throw new IllegalArgumentException("hash count " + n + " exceeds the record");
          }
          int[] hashes = new int[n];
          payload.asIntBuffer().get(hashes);
          payload.position(payload.position() + 4 * n);
          changes.add(new Insert(id, hashes));
        }
        case DELETE -> changes.add(new Delete(payload.getInt()));
        case SET_METADATA -> changes.add(new SetMetadata(string(payload), string(payload)));
        default -> throw new IllegalArgumentException("unknown change type " + type);
      }
    }
    if (payload.hasRemaining()) {
      throw new IllegalArgumentException(payload.remaining() + " trailing bytes in the record");
    }
    return new WalRecord(version, previousVersion, changes);
  }

  private static String string(ByteBuffer payload) {
    int n = payload.getInt();
    if (n < 0 || n > payload.remaining()) {
      throw new IllegalArgumentException("string length " + n + " exceeds the record");
    }
    byte[] utf8 = new byte[n];
    payload.get(utf8);
    return new String(utf8, StandardCharsets.UTF_8);
  }
}
