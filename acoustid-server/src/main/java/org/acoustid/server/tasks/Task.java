package org.acoustid.server.tasks;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * A background task message (specification §12.1, §13.2): a name and keyword arguments, carried as
 * JSON {@code {"name": …, "kwargs": {…}}} in the Redis lists {@code tasks:<00..ff>}. Immutable.
 */
public record Task(String name, Map<String, String> kwargs) {
  /** The task of §13.3. */
  public static final String MERGE_MISSING_MBID = "merge_missing_mbid";

  private static final ObjectMapper JSON = new ObjectMapper();

  public Task {
    kwargs = Map.copyOf(kwargs);
  }

  /** {@code merge_missing_mbid(mbid)}. */
  public static Task mergeMissingMbid(String mbid) {
    return new Task(MERGE_MISSING_MBID, Map.of("mbid", mbid));
  }

  /**
   * What identifies this task for de-duplication: the name and the arguments in key order, {@code
   * merge_missing_mbid:<mbid>}.
   */
  public String key() {
    StringBuilder out = new StringBuilder(name);
    new TreeMap<>(kwargs).values().forEach(v -> out.append(':').append(v));
    return out.toString();
  }

  /** The JSON message, arguments in key order. */
  public String toJson() {
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("name", name);
    message.put("kwargs", new TreeMap<>(kwargs));
    try {
      return JSON.writeValueAsString(message);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("task " + name + " cannot be written", e);
    }
  }

  /**
   * Reads a message written by {@link #toJson()} (or by upstream); argument values are kept as
   * text.
   *
   * @throws IllegalArgumentException when {@code json} is not a task message
   */
  public static Task parse(String json) {
    JsonNode node;
    try {
      node = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not a task message: " + json, e);
    }
    if (node == null || !node.path("name").isTextual()) {
      throw new IllegalArgumentException("not a task message: " + json);
    }
    Map<String, String> kwargs = new LinkedHashMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.path("kwargs").fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      kwargs.put(
          e.getKey(), e.getValue().isTextual() ? e.getValue().asText() : e.getValue().toString());
    }
    return new Task(node.get("name").asText(), kwargs);
  }
}
