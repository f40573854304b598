package org.acoustid.chromaprint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

/** The codec against codec_vectors.json, plus properties on random input. */
@Seeded
class FingerprintCodecTest {
  @Test
  void encodesEveryVector() throws Exception {
    for (JsonNode v : GoldenData.json("codec_vectors.json").get("encode")) {
      String name = v.get("name").asText();
      int algorithm = v.get("algorithm").asInt();
      int[] raw;
      if (v.has("generator")) {
        Random rnd = new Random(70000);
        raw = new int[v.get("num_items").asInt()];
        for (int i = 0; i < raw.length; i++) {
          raw[i] = rnd.nextInt();
        }
        assertThat(Integer.toUnsignedLong(raw[0])).isEqualTo(v.get("first_items").get(0).asLong());
        byte[] binary = FingerprintCodec.encode(raw, algorithm);
        assertThat(binary.length).as(name).isEqualTo(v.get("binary_length").asInt());
        assertThat(sha256(binary)).as(name).isEqualTo(v.get("binary_sha256").asText());
        String base64 = FingerprintCodec.encodeBase64(raw, algorithm);
        assertThat(base64.length()).isEqualTo(v.get("base64_length").asInt());
        assertThat(sha256(base64.getBytes())).isEqualTo(v.get("base64_sha256").asText());
        assertThat(FingerprintCodec.decodeBase64(base64, true).raw()).isEqualTo(raw);
        continue;
      }
      raw = GoldenData.ints(v.get("raw"));
      assertThat(HexFormat.of().formatHex(FingerprintCodec.encode(raw, algorithm)))
          .as(name)
          .isEqualTo(v.get("binary_hex").asText());
      assertThat(FingerprintCodec.encodeBase64(raw, algorithm))
          .as(name)
          .isEqualTo(v.get("base64").asText());
    }
  }

  @Test
  void decodesEveryVectorOrRejectsItPrecisely() throws Exception {
    for (JsonNode v : GoldenData.json("codec_vectors.json").get("decode")) {
      String input = v.get("input").asText();
      String note = v.get("note").asText();
      boolean base64 = v.get("base64").asBoolean();
      if (v.get("ok").asBoolean()) {
        DecodedFingerprint d =
            base64
                ? FingerprintCodec.decodeBase64(input, false)
                : FingerprintCodec.decode(HexFormat.of().parseHex(input));
        assertThat(d.algorithm()).as(note).isEqualTo(v.get("algorithm").asInt());
        assertThat(d.raw()).as(note).isEqualTo(GoldenData.ints(v.get("raw")));
      } else {
        assertThatThrownBy(
                () -> {
                  if (base64) {
                    FingerprintCodec.decodeBase64(input, false);
                  } else {
                    FingerprintCodec.decode(HexFormat.of().parseHex(input));
                  }
                })
            .as(note)
            .isInstanceOf(InvalidFingerprintException.class);
      }
    }
  }

  @Test
  void base64VectorsRoundTrip() throws Exception {
    for (JsonNode v : GoldenData.json("codec_vectors.json").get("base64")) {
      byte[] bytes = HexFormat.of().parseHex(v.get("bytes_hex").asText());
      assertThat(FingerprintBase64.encode(bytes)).isEqualTo(v.get("base64").asText());
      assertThat(FingerprintBase64.decodeStrict(v.get("base64").asText())).isEqualTo(bytes);
    }
  }

  @Test
  void strictBase64RejectsWhatTheLibraryWouldReadAsZero() {
    assertThatThrownBy(() -> FingerprintCodec.decodeBase64("AQAAAQA=", true))
        .isInstanceOf(InvalidFingerprintException.class)
        .hasMessageContaining("'='");
    assertThatThrownBy(() -> FingerprintCodec.decodeBase64("AQAAAQE+", true))
        .hasMessageContaining("'+'");
    assertThatThrownBy(() -> FingerprintCodec.decodeBase64("AQAAA", true))
        .hasMessageContaining("length 5");
    assertThat(FingerprintCodec.decodeBase64("AQAAAQA=", false).raw()).containsExactly(0);
  }

  @Test
  void encodeThenDecodeIsIdentity(Random random) {
    for (int round = 0; round < 500; round++) {
      int[] raw = new int[random.nextInt(300)];
      for (int i = 0; i < raw.length; i++) {
        // mix random items with runs of equal and slowly changing ones, as real fingerprints have
        raw[i] =
            random.nextInt(4) == 0 && i > 0
                ? raw[i - 1] ^ (1 << random.nextInt(32))
                : random.nextInt();
      }
      int algorithm = random.nextInt(5);
      DecodedFingerprint d =
          FingerprintCodec.decodeBase64(FingerprintCodec.encodeBase64(raw, algorithm), true);
      assertThat(d.raw()).isEqualTo(raw);
      assertThat(d.algorithm()).isEqualTo(algorithm);
    }
  }

  @Test
  void randomInputFailsOnlyWithTheDocumentedException(Random random) {
    for (int round = 0; round < 50_000; round++) {
      byte[] bytes = new byte[random.nextInt(40)];
      random.nextBytes(bytes);
      if (bytes.length >= 4 && random.nextBoolean()) {
        bytes[1] = 0; // plausible small counts reach the payload decoding
        bytes[2] = 0;
      }
      try {
        DecodedFingerprint d = FingerprintCodec.decode(bytes);
        assertThat(d.raw().length).isLessThanOrEqualTo(bytes.length * 8 / 3);
      } catch (InvalidFingerprintException expected) {
        // the one documented failure
      }
    }
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
