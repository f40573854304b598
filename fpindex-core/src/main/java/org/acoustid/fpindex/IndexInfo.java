package org.acoustid.fpindex;

import java.util.Map;

/**
 * One consistent view of an index.
 *
 * @param version commits since creation (or the last applied changelog position)
 * @param metadata merged attributes, newest value per key
 * @param numDocs live documents (exact, not counting tombstones or superseded copies)
 * @param numSegments memory plus file segments
 * @param minDocId smallest id mentioned by any segment, tombstones included (unsigned; 0 if none)
 * @param maxDocId largest such id (unsigned; 0 if none)
 * @param fileVersion highest version durable in file segments (0 if never checkpointed)
 */
public record IndexInfo(
    long version,
    Map<String, String> metadata,
    long numDocs,
    int numSegments,
    int minDocId,
    int maxDocId,
    long fileVersion) {}
