package org.acoustid.fpindex;

import org.acoustid.fpindex.merge.TieredMergePolicy;
import org.acoustid.fpindex.store.FileIo;

/**
 * Settings of an index; build with {@link #builder()}, vary with {@link #toBuilder()}.
 *
 * @param checkpointThreshold flush memory segments to a file segment once they hold more than this
 *     many (hash, id) items; default {@value #DEFAULT_CHECKPOINT_THRESHOLD}
 * @param checkpointAgeMs also flush when the oldest un-flushed commit is this old; 0 disables;
 *     default {@value #DEFAULT_CHECKPOINT_AGE_MS}
 * @param maxMemorySegments merge memory segments into one when there are more; default {@value
 *     #DEFAULT_MAX_MEMORY_SEGMENTS}
 * @param mergePolicy which file segments to merge
 * @param backgroundMaintenance run checkpoints and merges on a background thread (default true);
 *     when false they happen only through {@link FpIndex#checkpoint()} and {@link
 *     FpIndex#forceMerge(int)}, which deterministic tests use
 * @param maintenanceIntervalMs how often the background thread looks for work; default 100
 * @param maxDocsPerHash in flushed segments, stop reading a query hash's postings after this many
 *     matching documents (the lowest ids); 0 (default) reads all, giving exact scores. The upstream
 *     server caps at about 1000, trading exactness on very frequent hashes for latency.
 * @param fileIo the file operations the index writes through; {@link FileIo#DEFAULT} unless a test
 *     injects faults
 */
public record FpIndexConfig(
    long checkpointThreshold,
    long checkpointAgeMs,
    int maxMemorySegments,
    TieredMergePolicy mergePolicy,
    boolean backgroundMaintenance,
    long maintenanceIntervalMs,
    int maxDocsPerHash,
    FileIo fileIo) {
  public static final long DEFAULT_CHECKPOINT_THRESHOLD = 100_000;
  public static final long DEFAULT_CHECKPOINT_AGE_MS = 60_000;
  public static final int DEFAULT_MAX_MEMORY_SEGMENTS = 16;

  public FpIndexConfig {
    if (checkpointThreshold < 1) {
      throw new IllegalArgumentException(
          "checkpointThreshold must be >= 1, got checkpointThreshold=" + checkpointThreshold);
    }
    if (checkpointAgeMs < 0) {
      throw new IllegalArgumentException(
          "checkpointAgeMs must be >= 0, got checkpointAgeMs=" + checkpointAgeMs);
    }
    if (maxMemorySegments < 1) {
      throw new IllegalArgumentException(
          "maxMemorySegments must be >= 1, got maxMemorySegments=" + maxMemorySegments);
    }
    if (mergePolicy == null) {
      throw new IllegalArgumentException("mergePolicy must not be null");
    }
    if (maxDocsPerHash < 0) {
      throw new IllegalArgumentException(
          "maxDocsPerHash must be >= 0, got maxDocsPerHash=" + maxDocsPerHash);
    }
    if (fileIo == null) {
      throw new IllegalArgumentException("fileIo must not be null (use FileIo.DEFAULT)");
    }
    if (maintenanceIntervalMs < 1) {
      throw new IllegalArgumentException(
          "maintenanceIntervalMs must be >= 1, got maintenanceIntervalMs=" + maintenanceIntervalMs);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  public Builder toBuilder() {
    return new Builder()
        .checkpointThreshold(checkpointThreshold)
        .checkpointAgeMs(checkpointAgeMs)
        .maxMemorySegments(maxMemorySegments)
        .mergePolicy(mergePolicy)
        .backgroundMaintenance(backgroundMaintenance)
        .maintenanceIntervalMs(maintenanceIntervalMs)
        .maxDocsPerHash(maxDocsPerHash)
        .fileIo(fileIo);
  }

  /** Builder of {@link FpIndexConfig}; setters validate when the record is built. */
  public static final class Builder {
    private long checkpointThreshold = DEFAULT_CHECKPOINT_THRESHOLD;
    private long checkpointAgeMs = DEFAULT_CHECKPOINT_AGE_MS;
    private int maxMemorySegments = DEFAULT_MAX_MEMORY_SEGMENTS;
    private TieredMergePolicy mergePolicy = TieredMergePolicy.DEFAULT;
    private boolean backgroundMaintenance = true;
    private long maintenanceIntervalMs = 100;
    private int maxDocsPerHash = 0;
    private FileIo fileIo = FileIo.DEFAULT;

    private Builder() {}

    public Builder checkpointThreshold(long items) {
      this.checkpointThreshold = items;
      return this;
    }

    public Builder checkpointAgeMs(long ms) {
      this.checkpointAgeMs = ms;
      return this;
    }

    public Builder maxMemorySegments(int count) {
      this.maxMemorySegments = count;
      return this;
    }

    public Builder mergePolicy(TieredMergePolicy policy) {
      this.mergePolicy = policy;
      return this;
    }

    public Builder backgroundMaintenance(boolean on) {
      this.backgroundMaintenance = on;
      return this;
    }

    public Builder maintenanceIntervalMs(long ms) {
      this.maintenanceIntervalMs = ms;
      return this;
    }

    public Builder maxDocsPerHash(int docs) {
      this.maxDocsPerHash = docs;
      return this;
    }

    public Builder fileIo(FileIo io) {
      this.fileIo = io;
      return this;
    }

    public FpIndexConfig build() {
      return new FpIndexConfig(
          checkpointThreshold,
          checkpointAgeMs,
          maxMemorySegments,
          mergePolicy,
          backgroundMaintenance,
          maintenanceIntervalMs,
          maxDocsPerHash,
          fileIo);
    }
  }
}
