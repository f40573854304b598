package org.acoustid.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Random;
import org.acoustid.testing.Seeded;
import org.junit.jupiter.api.Test;

@Seeded
class JsonTest {
  @Test
  @SuppressWarnings("unchecked")
  void parsesTheServiceOutput() {
    Object tree = Json.parse("{\"a\": [1, -2.5, true, null, \"x\\u00e9\\n\"], \"b\": {}}");
    assertThat(tree).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) tree;
    assertThat((List<Object>) m.get("a")).containsExactly((Object) 1L, -2.5, true, null, "xé\n");
    assertThat(m.get("b")).isEqualTo(Map.of());
  }

  @Test
  void rejectsMalformedInputWithTheOffset() {
    for (String bad :
        new String[] {"", "{", "[1,]", "{\"a\" 1}", "\"\\x\"", "01x", "[1] 2", "tru", "\"a\nb\""}) {
      assertThatThrownBy(() -> Json.parse(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("offset");
    }
    assertThatThrownBy(() -> Json.parse("[".repeat(1000))).hasMessageContaining("nested");
  }

  @Test
  void randomTextFailsOnlyWithIllegalArgument(Random random) {
    String alphabet = "{}[]\",:0123456789.eE+-truefalsn\\u ";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder();
      int length = random.nextInt(20);
      for (int j = 0; j < length; j++) {
        s.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      try {
        Json.parse(s.toString());
      } catch (IllegalArgumentException expected) {
        // the only documented failure
      }
    }
  }
}
