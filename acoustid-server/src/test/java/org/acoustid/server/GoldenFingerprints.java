package org.acoustid.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.UUID;
import org.acoustid.chromaprint.FingerprintCodec;
import org.acoustid.server.db.SubmissionRepository.NewSubmission;
import org.acoustid.testing.SharedTestData;

/** Fingerprints of the golden clips (fpcalc output), for submitting and looking up. */
public record GoldenFingerprints(String compressed, int duration, int[] raw) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /**
   * {@code name} as in {@code fingerprints/<name>.fpcalc.json}, e.g. {@code mus_battle.mp3_64k}.
   */
  public static GoldenFingerprints load(String name) throws IOException {
    JsonNode node =
        JSON.readTree(
            SharedTestData.dir("chromaprint")
                .resolve("fingerprints")
                .resolve(name + ".fpcalc.json")
                .toFile());
    String compressed = node.get("fingerprint").asText();
    return new GoldenFingerprints(
        compressed,
        (int) Math.round(node.get("duration").asDouble()),
        FingerprintCodec.decodeBase64(compressed, false).raw());
  }

  /**
   * A submission of this fingerprint linked to {@code mbid} (no other metadata), as submit stores
   * it.
   */
  public NewSubmission submission(int accountId, int applicationId, UUID mbid) {
    return new NewSubmission(
        accountId, applicationId, "1", raw, duration, null, null, null, mbid, null, null);
  }

  public static String encode(int[] raw) {
    return FingerprintCodec.encodeBase64(raw, 1);
  }
}
