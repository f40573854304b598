package org.acoustid.server.api.v2;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The three output formats of API v2 (§2.4) and the envelope (§2.5), rendering a plain tree ({@link
 * Map}, {@link List}, {@link String}, {@link Number}, {@link Boolean}, null) exactly as upstream
 * does:
 *
 * <ul>
 *   <li>JSON: keys sorted by code point at every level, separators {@code ", "} and {@code ": "},
 *       non-ASCII escaped as {@code \}{@code uXXXX}, floats with at least one fractional digit;
 *   <li>JSONP: {@code callback(JSON)}, the callback validated (else {@code jsonAcoustidApi});
 *   <li>XML: {@code <response>} root, one element per key in sorted order, list items named by
 *       de-pluralising the parent ({@code results/result}, {@code …ies/…y}), Python-style scalars
 *       ({@code True}, {@code None}), {@code <x />} for empty lists and objects.
 * </ul>
 */
public enum ResponseFormat {
  JSON("application/json; charset=UTF-8"),
  JSONP("application/javascript; charset=UTF-8"),
  XML("text/xml; charset=UTF-8");

  static final String DEFAULT_CALLBACK = "jsonAcoustidApi";
  private static final Pattern CALLBACK =
      Pattern.compile("^[$A-Za-z_][0-9A-Za-z_]*(\\.[$A-Za-z_][0-9A-Za-z_]*)*$");

  private final String contentType;

  ResponseFormat(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** The format named by the {@code format} parameter (null → JSON); unknown names are null. */
  public static ResponseFormat parse(String name) {
    if (name == null) {
      return JSON;
    }
    return switch (name) {
      case "json" -> JSON;
      case "jsonp" -> JSONP;
      case "xml" -> XML;
      default -> null;
    };
  }

  /** A success body: the handler's object plus {@code "status": "ok"}. */
  public String ok(Map<String, ?> result, String callback) {
    Map<String, Object> envelope = new LinkedHashMap<>(result);
    envelope.put("status", "ok");
    return render(envelope, callback);
  }

  /** An error body. */
  public String error(ApiError error, String callback) {
    Map<String, Object> detail = new LinkedHashMap<>();
    detail.put("code", error.code().code());
    detail.put("message", error.message());
    Map<String, Object> envelope = new LinkedHashMap<>();
    envelope.put("error", detail);
    envelope.put("status", "error");
    return render(envelope, callback);
  }

  private String render(Map<String, Object> envelope, String callback) {
    return switch (this) {
      case JSON -> Renderers.json(envelope);
      case JSONP ->
          (callback != null && CALLBACK.matcher(callback).matches() ? callback : DEFAULT_CALLBACK)
              + "("
              + Renderers.json(envelope)
              + ")";
      case XML -> "<?xml version='1.0' encoding='UTF-8'?>\n" + Renderers.xml("response", envelope);
    };
  }
}
