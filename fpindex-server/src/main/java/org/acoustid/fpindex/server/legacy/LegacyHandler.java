package org.acoustid.fpindex.server.legacy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.handler.codec.TooLongFrameException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.acoustid.fpindex.FpIndex;
import org.acoustid.fpindex.server.ConnectionQueue;
import org.acoustid.fpindex.server.ServerContext;

/**
 * One legacy connection: feeds each line to its {@link LegacySession} on a worker thread (commands
 * may fsync or search), writes the reply with CRLF, and enforces the idle timeout ({@code ERR
 * timeout} then close) and the line limit ({@code ERR line too long} then close). Commands of a
 * connection run one at a time in arrival order ({@link ConnectionQueue}).
 */
final class LegacyHandler extends ChannelInboundHandlerAdapter {
  private final ServerContext context;
  private final Executor workers;
  private LegacySession session;
  private ScheduledFuture<?> idleTimer;
  private boolean closing;
  static final long LINGER_MS = 2_000;

  LegacyHandler(ServerContext context, Executor workers) {
    this.context = context;
    this.workers = workers;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    FpIndex index = context.requireIndex(LegacyInitializer.INDEX_NAME);
    session =
        new LegacySession(
            index, LegacyInitializer.INDEX_NAME, context.metrics(), context.replicated());
    armIdleTimer(ctx);
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ByteBuf frame = (ByteBuf) msg;
    if (closing) {
      frame.release();
      return;
    }
    String line;
    try {
      line = frame.toString(StandardCharsets.UTF_8);
    } finally {
      frame.release();
    }
    if (line.endsWith("\r")) {
      line = line.substring(0, line.length() - 1);
    }
    cancelIdleTimer();
    String command = line;
    try {
      ConnectionQueue.of(ctx.channel(), workers)
          .execute(() -> {
            String reply = session.execute(command);
            ctx.executor()
                .execute(() -> {
                  if (closing == false) {
                    ctx.writeAndFlush(
                        Unpooled.copiedBuffer(reply + "\r\n", StandardCharsets.UTF_8));
                    armIdleTimer(ctx);
                  }
                });
          });
    } catch (RejectedExecutionException e) {
      ctx.close(); // shutting down
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof TooLongFrameException) {
      replyAndClose(ctx, "ERR line too long");
    } else {
      ctx.close();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    cancelIdleTimer();
    ctx.fireChannelInactive();
  }

  private void armIdleTimer(ChannelHandlerContext ctx) {
    cancelIdleTimer();
    long timeoutMs = session.idleTimeoutMs();
    if (timeoutMs > 0) {
      idleTimer =
          ctx.executor()
              .schedule(() -> replyAndClose(ctx, "ERR timeout"), timeoutMs, TimeUnit.MILLISECONDS);
    }
  }

  private void cancelIdleTimer() {
    if (idleTimer != null) {
      idleTimer.cancel(false);
      idleTimer = null;
    }
  }

  /**
   * Sends a last reply, half-closes, and closes fully after {@value #LINGER_MS} ms. Closing at once
   * would make the kernel answer bytes the client is still sending with a reset, which can destroy
   * the reply before the client reads it.
   */
  private void replyAndClose(ChannelHandlerContext ctx, String reply) {
    if (closing) {
      return;
    }
    closing = true;
    cancelIdleTimer();
    ctx.writeAndFlush(Unpooled.copiedBuffer(reply + "\r\n", StandardCharsets.UTF_8))
        .addListener(
            (ChannelFutureListener)
                f -> {
                  if (ctx.channel() instanceof DuplexChannel duplex) {
                    duplex.shutdownOutput();
                  }
                  ctx.executor().schedule(() -> ctx.close(), LINGER_MS, TimeUnit.MILLISECONDS);
                });
  }
}
