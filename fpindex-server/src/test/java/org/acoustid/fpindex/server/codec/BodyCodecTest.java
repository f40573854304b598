package org.acoustid.fpindex.server.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.acoustid.fpindex.server.ApiError;
import org.acoustid.fpindex.server.ApiException;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

@Seeded
class BodyCodecTest {
  private static byte[] json(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static void assertBadRequest(BodyFormat format, byte[] body) {
    assertThatThrownBy(() -> BodyReader.read(format, body))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST));
  }

  @Test
  void jsonDecodesIntoPlainTree() {
    Object tree =
        BodyReader.read(
            BodyFormat.JSON, json("{\"query\":[1,4294967295,18446744073709551615],\"x\":null}"));
    Map<String, Object> expected = new java.util.LinkedHashMap<>();
    // integers that fit a long are Longs, larger ones BigIntegers
    expected.put("query", List.of(1L, 4294967295L, new BigInteger("18446744073709551615")));
    expected.put("x", null);
    assertThat(tree).isEqualTo(expected);
  }

  @Test
  void malformedBodiesAreBadRequests() {
    assertBadRequest(BodyFormat.JSON, json("{\"a\":1,\"a\":2}"));
    assertBadRequest(BodyFormat.JSON, json("{\"a\":1} x"));
    assertBadRequest(BodyFormat.JSON, json("{\"a\":"));
    assertBadRequest(BodyFormat.JSON, json("[".repeat(100) + "]".repeat(100)));
    assertBadRequest(BodyFormat.JSON, new byte[0]);
    assertBadRequest(BodyFormat.MSGPACK, new byte[] {(byte) 0xc1});
    // array header claiming 2^32-1 elements in a 5-byte body
    assertBadRequest(BodyFormat.MSGPACK, new byte[] {(byte) 0xdd, -1, -1, -1, -1});
    // map with an integer key
    assertBadRequest(BodyFormat.MSGPACK, new byte[] {(byte) 0x81, 0x01, 0x02});
  }

  @Test
  void msgpackKeysMatchByFirstLetterJsonKeysExactly() throws IOException {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packMapHeader(2).packString("query").packArrayHeader(1).packInt(5);
    p.packString("l").packInt(3);
    Object tree = BodyReader.read(BodyFormat.MSGPACK, p.toByteArray());
    BodyObject o = BodyObject.of(tree, BodyFormat.MSGPACK, "search", "query", "limit", "timeout");
    assertThat(o.u32Array("query")).containsExactly(5);
    assertThat(o.u32("limit", 40)).isEqualTo(3);
    assertThat(o.u32("timeout", 500)).isEqualTo(500);

    Object shortJson = BodyReader.read(BodyFormat.JSON, json("{\"q\":[5]}"));
    assertThatThrownBy(() -> BodyObject.of(shortJson, BodyFormat.JSON, "search", "query"))
        .hasMessageContaining("unknown field \"q\"");
  }

  @Test
  void sameFieldTwiceThroughPrefixesIsRejected() throws IOException {
    MessageBufferPacker p = MessagePack.newDefaultBufferPacker();
    p.packMapHeader(2).packString("q").packArrayHeader(0).packString("query").packArrayHeader(0);
    Object tree = BodyReader.read(BodyFormat.MSGPACK, p.toByteArray());
    assertThatThrownBy(() -> BodyObject.of(tree, BodyFormat.MSGPACK, "search", "query"))
        .hasMessageContaining("given twice");
  }

  @Test
  void integersOutsideU32AndWrongTypesAreRejected() {
    for (String bad :
        new String[] {
          "{\"limit\":-1}", "{\"limit\":4294967296}", "{\"limit\":1.0}", "{\"limit\":\"1\"}"
        }) {
      Object tree = BodyReader.read(BodyFormat.JSON, json(bad));
      BodyObject o = BodyObject.of(tree, BodyFormat.JSON, "search", "limit");
      assertThatThrownBy(() -> o.u32("limit", 0)).as(bad).isInstanceOf(ApiException.class);
    }
  }

  @Test
  void writersUseFullNamesInJsonAndFirstLettersInMsgpack() throws IOException {
    BodyWriter json = BodyWriter.create(BodyFormat.JSON);
    json.beginMap(2)
        .key("version")
        .u64(-1L)
        .key("stats")
        .beginMap(1)
        .rawKey("num_docs")
        .u32(-1)
        .endMap()
        .endMap();
    assertThat(new String(json.toBytes(), StandardCharsets.UTF_8))
        .isEqualTo("{\"version\":18446744073709551615,\"stats\":{\"num_docs\":4294967295}}");

    BodyWriter mp = BodyWriter.create(BodyFormat.MSGPACK);
    mp.beginMap(2)
        .key("version")
        .u64(7)
        .key("stats")
        .beginMap(1)
        .rawKey("num_docs")
        .u32(3)
        .endMap()
        .endMap();
    Object back = BodyReader.read(BodyFormat.MSGPACK, mp.toBytes());
    assertThat(back).isEqualTo(Map.of("v", 7L, "s", Map.of("num_docs", 3L)));
  }

  @Test
  void randomBytesNeverEscapeAsAnythingButBadRequest(Random random) {
    for (int i = 0; i < 20_000; i++) {
      byte[] body = new byte[1 + random.nextInt(40)];
      random.nextBytes(body);
      for (BodyFormat format : BodyFormat.values()) {
        try {
          BodyReader.read(format, body);
        } catch (ApiException e) {
          assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST);
        }
      }
    }
  }

  @Test
  void negotiationFollowsTheUpstreamRules() {
    assertThat(negotiate(null, null, false))
        .isEqualTo(new ContentNegotiation(BodyFormat.MSGPACK, BodyFormat.MSGPACK));
    assertThat(negotiate(null, null, true))
        .isEqualTo(new ContentNegotiation(BodyFormat.JSON, BodyFormat.JSON));
    assertThat(negotiate("application/json; charset=utf-8", "*/*", false))
        .isEqualTo(new ContentNegotiation(BodyFormat.JSON, BodyFormat.JSON));
    assertThat(negotiate("application/vnd.msgpack", "application/json", false))
        .isEqualTo(new ContentNegotiation(BodyFormat.MSGPACK, BodyFormat.JSON));
    assertThat(negotiate("application/json", "application/json, text/plain", false).response())
        .isEqualTo(BodyFormat.JSON);
    assertThat(negotiate("application/json", "application/vnd.msgpack", false).response())
        .isEqualTo(BodyFormat.MSGPACK);
    ContentNegotiation unsupported = negotiate("application/msgpack", null, false);
    assertThat(unsupported.requestTypeUnsupported()).isTrue();
    assertThat(unsupported.response()).isEqualTo(BodyFormat.JSON);
    assertThat(negotiate("Application/JSON", null, false).request()).isEqualTo(BodyFormat.JSON);
  }

  private static ContentNegotiation negotiate(String contentType, String accept, boolean empty) {
    HttpHeaders headers = new DefaultHttpHeaders();
    if (contentType != null) {
      headers.set("Content-Type", contentType);
    }
    if (accept != null) {
      headers.set("Accept", accept);
    }
    return ContentNegotiation.of(headers, empty);
  }
}
