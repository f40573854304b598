package org.acoustid.fpindex.server.legacy;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.LineBasedFrameDecoder;
import java.util.concurrent.Executor;
import org.acoustid.fpindex.server.ServerContext;

/** The legacy line-protocol pipeline: line framing (256 KiB max) and one session per connection. */
public final class LegacyInitializer extends ChannelInitializer<SocketChannel> {
  /** The fixed index the legacy protocol serves, created at startup. */
  public static final String INDEX_NAME = "main";

  static final int MAX_LINE_BYTES = 256 * 1024;

  private final ServerContext context;
  private final Executor workers;

  public LegacyInitializer(ServerContext context, Executor workers) {
    this.context = context;
    this.workers = workers;
  }

  @Override
  protected void initChannel(SocketChannel channel) {
    channel
        .pipeline()
        .addLast("framer", new LineBasedFrameDecoder(MAX_LINE_BYTES, true, true))
        .addLast("session", new LegacyHandler(context, workers));
  }
}
