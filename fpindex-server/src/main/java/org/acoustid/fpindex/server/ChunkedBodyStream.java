package org.acoustid.fpindex.server;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * An {@link OutputStream} that sends what is written as HTTP chunks of up to {@value #CHUNK_BYTES}
 * bytes, waiting for each chunk to be written before filling the next. Meant for a (virtual) worker
 * thread, never the event loop. {@link #close()} flushes but does not end the chunked body; the
 * caller writes the last content.
 */
final class ChunkedBodyStream extends OutputStream {
  static final int CHUNK_BYTES = 64 * 1024;

  private final Channel channel;
  private ByteBuf buffer;
  private ChannelFuture inFlight;

  ChunkedBodyStream(Channel channel) {
    this.channel = channel;
    this.buffer = channel.alloc().buffer(CHUNK_BYTES);
  }

  @Override
  public void write(int b) throws IOException {
    if (buffer.writableBytes() == 0) {
      send();
    }
    buffer.writeByte(b);
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (buffer.writableBytes() == 0) {
        send();
      }
      int n = Math.min(length, buffer.writableBytes());
      buffer.writeBytes(bytes, offset, n);
      offset += n;
      length -= n;
    }
  }

  @Override
  public void flush() throws IOException {
    if (buffer.isReadable()) {
      send();
    }
  }

  @Override
  public void close() throws IOException {
    try {
      flush();
      awaitInFlight();
    } finally {
      buffer.release();
    }
  }

  private void send() throws IOException {
    awaitInFlight();
    if (channel.isActive() == false) {
      throw new IOException("peer closed the connection during the transfer");
    }
    ByteBuf full = buffer;
    buffer = channel.alloc().buffer(CHUNK_BYTES);
    inFlight = channel.writeAndFlush(new DefaultHttpContent(full));
  }

  private void awaitInFlight() throws IOException {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while sending a chunk");
    }
    if (inFlight.isSuccess() == false) {
      throw new IOException("sending a chunk failed", inFlight.cause());
    }
    inFlight = null;
  }
}
