package org.acoustid.fpindex.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** {@code --peers} parsing and the donor status decoding of peer snapshot bootstrap. */
class PeerBootstrapTest {
  private static final URI BASE = URI.create("http://127.0.0.1:1");

  @Test
  void peersAreHttpBaseUrlsWithWhitespaceAndEmptyItemsIgnored() {
    assertThat(PeerBootstrap.parsePeers(" http://a:8080 , ,http://b.example ,"))
        .containsExactly(
            new PeerBootstrap.Peer("a", 8080), new PeerBootstrap.Peer("b.example", 80));
    assertThat(PeerBootstrap.parsePeers(null)).isEmpty();
    assertThat(PeerBootstrap.parsePeers(" , ")).isEmpty();
    assertThatThrownBy(() -> PeerBootstrap.parsePeers("https://a:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https://a:8080");
    assertThatThrownBy(() -> PeerBootstrap.parsePeers("a:8080"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("only http://host:port");
  }

  @Test
  void aStatusDecodesFromOneLetterOrFullKeys() throws IOException {
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packMapHeader(3);
      out.packString("generation").packLong(4);
      out.packString("v").packLong(90);
      out.packString("f").packLong(80);
      assertThat(PeerBootstrap.status(BASE, out.toByteArray()))
          .isEqualTo(new PeerBootstrap.Donor(BASE, 4, 90, 80));
    }
  }

  @Test
  void aMalformedOrIncompleteStatusMakesNoDonor() throws IOException {
    assertThat(PeerBootstrap.status(BASE, new byte[] {(byte) 0xc1})).isNull();
    assertThat(PeerBootstrap.status(BASE, "{\"g\":1}".getBytes())).isNull();
    try (MessageBufferPacker out = MessagePack.newDefaultBufferPacker()) {
      out.packMapHeader(2);
      out.packString("g").packLong(4);
      out.packString("v").packLong(90); // no file version
      assertThat(PeerBootstrap.status(BASE, out.toByteArray())).isNull();
    }
  }
}
