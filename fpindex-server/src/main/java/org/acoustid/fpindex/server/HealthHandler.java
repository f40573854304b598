package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code /_health} (liveness: the listener only starts after every index is loaded) and {@code
 * /:index/_health} (200 when the index serves searches, 503 {@code LOADING} while a replica fills
 * it, 404 with an empty body when it does not exist).
 */
final class HealthHandler implements RouteHandler {
  static final String TEXT = "text/plain; charset=utf-8";
  private final ServerContext context;

  HealthHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) {
    if (request.match().route() == Route.INDEX_HEALTH) {
      String name = request.match().index();
      if (context.registry().get(name).isEmpty()) {
        return new ApiResponse.Bare(HttpResponseStatus.NOT_FOUND);
      }
      if (context.replicated() && context.replica().loading(name)) {
        return new ApiResponse.Text(HttpResponseStatus.SERVICE_UNAVAILABLE, TEXT, "LOADING\n");
      }
    }
    return new ApiResponse.Text(HttpResponseStatus.OK, TEXT, "OK\n");
  }
}
