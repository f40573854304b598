package org.acoustid.fpindex.server;

import io.netty.channel.ChannelHandlerContext;

/**
 * Serves one route group. Runs off the event loop (it may block on fsync or a long search); throws
 * {@link ApiException} or engine exceptions, which {@link ErrorMapper} turns into responses.
 */
public interface RouteHandler {
  ApiResponse handle(ApiRequest request, ChannelHandlerContext ctx) throws Exception;
}
