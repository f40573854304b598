package org.acoustid.server.queue;

/**
 * Where new-submission notices go: a NATS server with JetStream, a work-queue stream and its
 * subject (defaults {@code ACOUSTID_SUBMISSIONS} and {@code acoustid.submissions}).
 */
public record NatsSettings(String url, String stream, String subject) {}
