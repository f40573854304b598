package org.acoustid.fpindex.server;

import io.netty.channel.IoHandlerFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.uring.IoUring;
import io.netty.channel.uring.IoUringIoHandler;
import io.netty.channel.uring.IoUringServerSocketChannel;

/**
 * The socket transport: io_uring, else epoll, else NIO, whichever the kernel and seccomp allow.
 * {@code -Dfpindex.transport=nio|epoll|io_uring} forces one (for benchmarks and debugging). Public
 * for the coordinator's server in {@code cluster}.
 */
public record Transport(
    String name, IoHandlerFactory ioHandler, Class<? extends ServerChannel> channel) {

  public static Transport detect() {
    String forced = System.getProperty("fpindex.transport", "");
    if ((forced.isEmpty() || forced.equals("io_uring")) && IoUring.isAvailable()) {
      return new Transport(
          "io_uring", IoUringIoHandler.newFactory(), IoUringServerSocketChannel.class);
    }
    if ((forced.isEmpty() || forced.equals("epoll")) && Epoll.isAvailable()) {
      return new Transport("epoll", EpollIoHandler.newFactory(), EpollServerSocketChannel.class);
    }
    return new Transport("nio", NioIoHandler.newFactory(), NioServerSocketChannel.class);
  }
}
