package org.acoustid.fpindex.server.api;

import java.util.OptionalLong;
import org.acoustid.fpindex.server.codec.BodyFormat;
import org.acoustid.fpindex.server.codec.BodyObject;

/**
 * Optional body of {@code PUT /:index}: {@code expect_does_not_exist} (false), {@code generation}.
 */
public record CreateIndexBody(boolean expectDoesNotExist, OptionalLong generation) {
  public static final CreateIndexBody DEFAULT = new CreateIndexBody(false, OptionalLong.empty());

  public static CreateIndexBody parse(Object node, BodyFormat format) {
    BodyObject body =
        BodyObject.of(node, format, "create request", "expect_does_not_exist", "generation");
    OptionalLong generation =
        body.has("generation") ? OptionalLong.of(body.u64("generation", 0)) : OptionalLong.empty();
    return new CreateIndexBody(body.bool("expect_does_not_exist", false), generation);
  }
}
