package org.acoustid.client;

/**
 * One stored submission: {@code entry} is the position of its {@link Submission} in the list the
 * caller passed (a submission with several MBIDs yields several results with the same entry).
 */
public record SubmissionResult(int entry, long id, String status) {}
