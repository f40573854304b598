package org.acoustid.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.status.Status;
import ch.qos.logback.core.status.StatusUtil;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** ACOUSTID_LOGGING_LEVEL_<LOGGER> variables. */
class LoggingLevelsTest {
  @Test
  void theLogConfigurationLoadsWithoutErrors() throws Exception {
    // tests run with the test-support logback-test.xml; load the shipped one explicitly
    LoggerContext context = new LoggerContext();
    JoranConfigurator configurator = new JoranConfigurator();
    configurator.setContext(context);
    configurator.doConfigure(new java.io.File("src/main/resources/logback.xml"));
    assertThat(new StatusUtil(context).getHighestLevel(0))
        .as(context.getStatusManager().getCopyOfStatusList().toString())
        .isLessThan(Status.ERROR);
  }

  @Test
  void setsTheNamedLoggersAndRejectsUnknownLevels() {
    int set =
        LoggingLevels.apply(
            Map.of(
                "ACOUSTID_LOGGING_LEVEL_ORG__ACOUSTID__TESTLOGGING", "debug",
                "ACOUSTID_LOGGING_LEVEL", "WARN",
                "PATH", "/bin"));
    assertThat(set).isEqualTo(1);
    Logger logger = (Logger) LoggerFactory.getLogger("org.acoustid.testlogging");
    assertThat(logger.getLevel()).isEqualTo(Level.DEBUG);
    assertThatThrownBy(() -> LoggingLevels.apply(Map.of("ACOUSTID_LOGGING_LEVEL_X", "LOUD")))
        .hasMessageContaining("ACOUSTID_LOGGING_LEVEL_X must be TRACE, DEBUG");
  }
}
