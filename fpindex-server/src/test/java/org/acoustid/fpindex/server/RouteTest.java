package org.acoustid.fpindex.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.handler.codec.http.HttpMethod;
import org.junit.jupiter.api.Test;

class RouteTest {
  private static Route.Match match(String method, String uri) {
    return Route.match(HttpMethod.valueOf(method), uri);
  }

  @Test
  void staticSegmentsBeatParameters() {
    assertThat(match("GET", "/_health").route()).isEqualTo(Route.HEALTH);
    assertThat(match("HEAD", "/_health").route()).isEqualTo(Route.HEALTH);
    assertThat(match("POST", "/idx/_search")).isEqualTo(new Route.Match(Route.SEARCH, "idx", null));
    assertThat(match("POST", "/idx/_update").route()).isEqualTo(Route.UPDATE);
    assertThat(match("GET", "/idx/_status").route()).isEqualTo(Route.PEER_STATUS);
    assertThat(match("GET", "/idx/_snapshot").route()).isEqualTo(Route.PEER_SNAPSHOT);
    assertThat(match("HEAD", "/idx/_health").route()).isEqualTo(Route.INDEX_HEALTH);
  }

  @Test
  void wrongMethodOnStaticSegmentFallsThroughToTheIdRoute() {
    assertThat(match("GET", "/idx/_search"))
        .isEqualTo(new Route.Match(Route.FINGERPRINT_GET, "idx", "_search"));
    assertThatThrownBy(() -> Route.parseId("_search"))
        .isInstanceOfSatisfying(
            ApiException.class, e -> assertThat(e.error()).isEqualTo(ApiError.BAD_REQUEST));
  }

  @Test
  void emptySegmentsAndQueryStringAreIgnored() {
    assertThat(match("PUT", "//a//?x=1")).isEqualTo(new Route.Match(Route.INDEX_CREATE, "a", null));
    assertThat(match("DELETE", "/a/17/"))
        .isEqualTo(new Route.Match(Route.FINGERPRINT_DELETE, "a", "17"));
  }

  @Test
  void unknownShapesHaveNoRoute() {
    assertThat(match("GET", "/")).isNull();
    assertThat(match("POST", "/idx")).isNull();
    assertThat(match("GET", "/a/b/c")).isNull();
    assertThat(match("POST", "/idx/12")).isNull();
    assertThat(match("PATCH", "/idx/_search")).isNull();
  }

  @Test
  void idsAreDecimalU32() {
    assertThat(Route.parseId("0")).isZero();
    assertThat(Route.parseId("4294967295")).isEqualTo(-1);
    for (String bad : new String[] {"", "-1", "4294967296", "12345678901", "1e3", " 1", "0x10"}) {
      assertThatThrownBy(() -> Route.parseId(bad)).as(bad).isInstanceOf(ApiException.class);
    }
  }
}
