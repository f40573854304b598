package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.OptionalLong;
import org.acoustid.fpindex.Change;
import org.acoustid.fpindex.Delete;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.Insert;
import org.acoustid.fpindex.server.api.EmptyResponse;
import org.acoustid.fpindex.server.api.PutFingerprintBody;
import org.acoustid.fpindex.server.api.VersionResponse;

/**
 * {@code PUT|DELETE|GET|HEAD /:index/:id}. Writes are one-change commits answering {@code {}};
 * reads report the version of the document's last write. The id is parsed before anything else.
 */
final class FingerprintHandler implements RouteHandler {
  private final ServerContext context;

  FingerprintHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) throws Exception {
    int id = Route.parseId(request.match().id());
    String name = request.match().index();
    switch (request.match().route()) {
      case FINGERPRINT_PUT -> {
        PutFingerprintBody body =
            PutFingerprintBody.parse(request.requiredBody(), request.requestFormat());
        rejectZero(id);
        write(name, new Insert(id, body.hashes()));
        return ApiResponse.ok(EmptyResponse.INSTANCE);
      }
      case FINGERPRINT_DELETE -> {
        rejectZero(id);
        write(name, new Delete(id));
        return ApiResponse.ok(EmptyResponse.INSTANCE);
      }
      case FINGERPRINT_GET -> {
        FpIndex index = context.requireIndex(name);
        OptionalLong version = id == 0 ? OptionalLong.empty() : index.get(id);
        if (version.isEmpty()) {
          throw new ApiException(
              ApiError.FINGERPRINT_NOT_FOUND, "no fingerprint " + Integer.toUnsignedString(id));
        }
        return ApiResponse.ok(new VersionResponse(version.getAsLong()));
      }
      case FINGERPRINT_EXISTS -> {
        FpIndex index = context.registry().get(name).orElse(null);
        boolean present = index != null && id != 0 && index.get(id).isPresent();
        return new ApiResponse.Bare(present ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND);
      }
      default -> throw new IllegalStateException("not a fingerprint route: " + request.match());
    }
  }

  /** A one-change commit, through the changelog in replica mode. */
  private void write(String name, Change change) throws Exception {
    if (context.replicated()) {
      context.replica().write(name, List.of(change), OptionalLong.empty());
    } else {
      context.requireIndex(name).update(List.of(change), OptionalLong.empty());
      context.metrics().updated(name); // a replica counts the batches it applies
    }
  }

  private static void rejectZero(int id) {
    if (id == 0) {
      throw new ApiException(ApiError.INVALID_FINGERPRINT_ID, "fingerprint id 0");
    }
  }
}
