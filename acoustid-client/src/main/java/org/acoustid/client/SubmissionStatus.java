package org.acoustid.client;

/** Import state of a submission; {@code trackId} is set once it was imported. */
public record SubmissionStatus(long id, String status, String trackId) {
  public boolean imported() {
    return "imported".equals(status);
  }
}
