package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.acoustid.fpindex.IndexRegistry;
import org.acoustid.fpindex.server.api.CreateIndexBody;
import org.acoustid.fpindex.server.api.CreateIndexResponse;
import org.acoustid.fpindex.server.api.DeleteIndexBody;
import org.acoustid.fpindex.server.api.DeleteIndexResponse;
import org.acoustid.fpindex.server.api.IndexInfoResponse;

/** {@code PUT|DELETE|HEAD|GET /:index}: create, delete, exists and info. */
final class IndexAdminHandler implements RouteHandler {
  private final ServerContext context;

  IndexAdminHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) throws Exception {
    String name = request.match().index();
    IndexRegistry registry = context.registry();
    switch (request.match().route()) {
      case INDEX_CREATE -> {
        if (IndexRegistry.isValidName(name) == false) {
          throw new ApiException(ApiError.INVALID_INDEX_NAME, "invalid index name " + name);
        }
        Object node = request.optionalBody();
        CreateIndexBody body =
            node == null
                ? CreateIndexBody.DEFAULT
                : CreateIndexBody.parse(node, request.requestFormat());
        IndexRegistry.CreateResult result;
        if (context.replicated()) {
          if (body.generation().isPresent()) {
            throw new ApiException(
                ApiError.GENERATION_NOT_ALLOWED, "replicas take generations from the changelog");
          }
          if (body.expectDoesNotExist() && registry.get(name).isPresent()) {
            throw new ApiException(ApiError.INDEX_ALREADY_EXISTS, "index " + name + " exists");
          }
          result = context.replica().createIndex(name);
        } else {
          result = registry.create(name, body.expectDoesNotExist(), body.generation());
        }
        return ApiResponse.ok(
            new CreateIndexResponse(result.index().info().version(), true, result.generation()));
      }
      case INDEX_DELETE -> {
        Object node = request.optionalBody();
        DeleteIndexBody body =
            node == null
                ? DeleteIndexBody.DEFAULT
                : DeleteIndexBody.parse(node, request.requestFormat());
        boolean deleted =
            IndexRegistry.isValidName(name)
                && (context.replicated()
                    ? context.replica().deleteIndex(name)
                    : registry.delete(name));
        if (deleted) {
          context.metrics().indexDeleted(name);
        } else if (body.expectExists()) {
          throw new ApiException(ApiError.INDEX_NOT_FOUND, "no index named " + name);
        }
        return ApiResponse.ok(new DeleteIndexResponse(deleted));
      }
      case INDEX_EXISTS -> {
        return new ApiResponse.Bare(
            registry.get(name).isPresent() ? HttpResponseStatus.OK : HttpResponseStatus.NOT_FOUND);
      }
      case INDEX_INFO -> {
        return ApiResponse.ok(new IndexInfoResponse(context.requireIndex(name).info()));
      }
      default -> throw new IllegalStateException("not an admin route: " + request.match());
    }
  }
}
