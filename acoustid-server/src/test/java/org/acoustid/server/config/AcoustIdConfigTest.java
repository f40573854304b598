package org.acoustid.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AcoustIdConfigTest {
  @TempDir Path tmp;

  @Test
  void defaultsFileAndEnvironmentOverridesInThatOrder() throws Exception {
    assertThat(AcoustIdConfig.load(null, Map.of(), "ACOUSTID_").database())
        .isEqualTo(DatabaseConfig.DEFAULT);
    Path file = tmp.resolve("acoustid.conf");
    Path secret = tmp.resolve("password.txt");
    Files.writeString(secret, "s3cret\n");
    Files.writeString(
        file,
        "# comment\n[database:app]\nhost = db.example\nport = 5433\nname = fp\npassword_file = "
            + secret
            + "\n"
            + "[cluster]\nsecret = abc\n");
    AcoustIdConfig fromFile = AcoustIdConfig.load(file, Map.of(), "ACOUSTID_");
    assertThat(fromFile.database().jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:5433/fp");
    assertThat(fromFile.database().password()).isEqualTo("s3cret");
    assertThat(fromFile.clusterSecret()).isEqualTo("abc");
    AcoustIdConfig overridden =
        AcoustIdConfig.load(
            file,
            Map.of("ACOUSTID_DATABASE_APP_PORT", "6000", "ACOUSTID_DATABASE_APP_POOL_SIZE", "3"),
            "ACOUSTID_");
    assertThat(overridden.database().port()).isEqualTo(6000);
    assertThat(overridden.database().poolSize()).isEqualTo(3);
    assertThat(overridden.database().host()).isEqualTo("db.example");
  }

  @Test
  void badValuesNameTheOption() {
    assertThatThrownBy(
            () -> AcoustIdConfig.load(null, Map.of("ACOUSTID_DATABASE_APP_PORT", "x"), "ACOUSTID_"))
        .hasMessageContaining("port must be an integer, got port=x");
    assertThatThrownBy(
            () -> AcoustIdConfig.load(null, Map.of("ACOUSTID_DATABASE_APP_PORT", "0"), "ACOUSTID_"))
        .hasMessageContaining("port=0");
  }
}
