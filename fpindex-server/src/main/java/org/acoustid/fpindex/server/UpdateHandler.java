package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import org.acoustid.fpindex.server.api.UpdateRequestBody;
import org.acoustid.fpindex.server.api.VersionResponse;

/**
 * {@code POST /:index/_update}: one atomic, durable commit; answers the new version. A batch with
 * an id 0 anywhere is rejected whole before the index is looked up.
 */
final class UpdateHandler implements RouteHandler {
  private final ServerContext context;

  UpdateHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) throws Exception {
    UpdateRequestBody body =
        UpdateRequestBody.parse(request.requiredBody(), request.requestFormat());
    if (body.hasZeroId()) {
      throw new ApiException(ApiError.INVALID_FINGERPRINT_ID, "fingerprint id 0 in the batch");
    }
    String name = request.match().index();
    long version =
        context.replicated()
            ? context.replica().write(name, body.changes(), body.expectedVersion())
            : context.requireIndex(name).update(body.changes(), body.expectedVersion());
    if (context.replicated() == false) {
      context.metrics().updated(name); // a replica counts the batches it applies
    }
    return ApiResponse.ok(new VersionResponse(version));
  }
}
