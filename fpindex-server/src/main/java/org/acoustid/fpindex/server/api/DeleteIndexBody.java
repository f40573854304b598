package org.acoustid.fpindex.server.api;

import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;

/** Optional body of {@code DELETE /:index}: {@code expect_exists} (false). */
public record DeleteIndexBody(boolean expectExists) {
  public static final DeleteIndexBody DEFAULT = new DeleteIndexBody(false);

  public static DeleteIndexBody parse(Object node, BodyFormat format) {
    BodyObject body = BodyObject.of(node, format, "delete request", "expect_exists");
    return new DeleteIndexBody(body.bool("expect_exists", false));
  }
}
