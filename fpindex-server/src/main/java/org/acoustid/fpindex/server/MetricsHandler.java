package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.IndexClosedException;
import org.acoustid.fpindex.IndexInfo;

/** {@code GET /_metrics}: Prometheus text format 0.0.4. */
final class MetricsHandler implements RouteHandler {
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
  private final ServerContext context;

  MetricsHandler(ServerContext context) {
    this.context = context;
  }

  @Override
  public ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) {
    long checkpoints = 0;
    long memoryMerges = 0;
    long fileMerges = 0;
    for (String name : context.registry().names()) {
      FpIndex index = context.registry().get(name).orElse(null);
      if (index != null) {
        FpIndex.MaintenanceCounts counts = index.maintenanceCounts();
        checkpoints += counts.checkpoints();
        memoryMerges += counts.memoryMerges();
        fileMerges += counts.fileMerges();
      }
    }
    var totals = new FpIndex.MaintenanceCounts(checkpoints, memoryMerges, fileMerges);
    String text = context.metrics().render(context.registry().names(), this::infoOrNull, totals);
    return new ApiResponse.Text(HttpResponseStatus.OK, CONTENT_TYPE, text);
  }

  private IndexInfo infoOrNull(String name) {
    try {
      return context.registry().get(name).map(FpIndex::info).orElse(null);
    } catch (IndexClosedException e) {
      return null; // deleted between listing and reading
    }
  }
}
