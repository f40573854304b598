package org.acoustid.server.api.v2;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The envelope in the three formats, against the specification's examples. */
class ResponseFormatTest {
  static Map<String, Object> lookupResult() {
    Map<String, Object> recording = new LinkedHashMap<>();
    recording.put("id", "cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff");
    Map<String, Object> result = new LinkedHashMap<>();
    result.put("score", 1.0);
    result.put("recordings", List.of(recording));
    result.put("id", "9ff43b6a-4f16-427c-93c2-92307ca505e0");
    return Map.of("results", List.of(result));
  }

  @Test
  void jsonSortsKeysAndUsesPythonSeparators() {
    assertThat(ResponseFormat.JSON.ok(lookupResult(), null))
        .isEqualTo(
            "{\"results\": [{\"id\": \"9ff43b6a-4f16-427c-93c2-92307ca505e0\", \"recordings\": [{\"id\":"
                + " \"cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff\"}], \"score\": 1.0}], \"status\": \"ok\"}");
  }

  @Test
  void xmlDepluralisesListItems() {
    assertThat(ResponseFormat.XML.ok(lookupResult(), null))
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><results><result><id>9ff43b6a-4f16-427c-93c2-92307ca505e0</id>"
                + "<recordings><recording><id>cd2e7c47-16f5-46c6-a37c-a1eb7bf599ff</id></recording></recordings>"
                + "<score>1.0</score></result></results><status>ok</status></response>");
    assertThat(ResponseFormat.XML.ok(Map.of("results", List.of()), null))
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><results /><status>ok</status></response>");
    assertThat(Renderers.singular("releasegroups")).isEqualTo("releasegroup");
    assertThat(Renderers.singular("entries")).isEqualTo("entry");
  }

  @Test
  void jsonpValidatesTheCallback() {
    assertThat(ResponseFormat.JSONP.ok(Map.of("results", List.of()), "cb"))
        .isEqualTo("cb({\"results\": [], \"status\": \"ok\"})");
    assertThat(ResponseFormat.JSONP.ok(Map.of("results", List.of()), "a.b_1")).startsWith("a.b_1(");
    assertThat(ResponseFormat.JSONP.ok(Map.of("results", List.of()), "alert(1)//"))
        .startsWith("jsonAcoustidApi(");
  }

  @Test
  void errorsInEveryFormat() {
    ApiError error = ApiError.missingParameter("duration.1");
    assertThat(ResponseFormat.JSON.error(error, null))
        .isEqualTo(
            "{\"error\": {\"code\": 2, \"message\": \"missing required parameter \\\"duration.1\\\"\"}, \"status\": \"error\"}");
    assertThat(ResponseFormat.XML.error(ApiError.invalidApiKey(), null))
        .isEqualTo(
            "<?xml version='1.0' encoding='UTF-8'?>\n<response><error><code>4</code><message>invalid API key</message></error>"
                + "<status>error</status></response>");
    assertThat(ApiError.tooManyRequests(4).message())
        .isEqualTo("rate limit (4.000000 requests per second) exceeded, try again later");
    assertThat(ApiError.unknownFormat("yaml").message()).isEqualTo("unknown format \"yaml\"");
    assertThat(ApiErrorCode.REQUEST_TOO_LARGE.httpStatus()).isEqualTo(413);
    assertThat(ResponseFormat.parse("xml")).isEqualTo(ResponseFormat.XML);
    assertThat(ResponseFormat.parse("XML")).isNull();
    assertThat(ResponseFormat.parse(null)).isEqualTo(ResponseFormat.JSON);
  }

  @Test
  void nonAsciiIsEscapedAndFloatsLookLikePython() {
    assertThat(Renderers.json(Map.of("title", "Café 𝄞")))
        .isEqualTo("{\"title\": \"Caf\\u00e9 \\ud834\\udd1e\"}");
    assertThat(Renderers.pythonFloat(639.387)).isEqualTo("639.387");
    assertThat(Renderers.pythonFloat(0.87654)).isEqualTo("0.87654");
    assertThat(Renderers.pythonFloat(2.0)).isEqualTo("2.0");
    assertThat(Renderers.pythonFloat(1.5e-5)).isEqualTo("1.5e-05");
    assertThat(Renderers.xml("x", Map.of("a", true, "b", "<&>")))
        .isEqualTo("<x><a>True</a><b>&lt;&amp;&gt;</b></x>");
  }
}
