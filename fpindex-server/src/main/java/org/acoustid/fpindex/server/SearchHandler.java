package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.SearchResult;
import org.acoustid.fpindex.server.api.SearchRequestBody;
import org.acoustid.fpindex.server.api.SearchResponse;

/** {@code POST /:index/_search}. */
final class SearchHandler implements RouteHandler {
  private final ServerContext context;

  SearchHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) {
    SearchRequestBody body =
        SearchRequestBody.parse(request.requiredBody(), request.requestFormat());
    String name = request.match().index();
    FpIndex index = context.requireSearchable(name);
    long start = System.nanoTime();
    SearchResult result = index.search(body.toSearchRequest());
    context.metrics().searched(name, result.hits().size(), System.nanoTime() - start);
    return ApiResponse.ok(new SearchResponse(result.hits()));
  }
}
