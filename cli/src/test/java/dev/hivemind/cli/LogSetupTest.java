package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.core.ConsoleAppender;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class LogSetupTest {
    @Test
    void logbackFindsTheSetupAsAServiceAndSendsWarningsToStderr() {
        // logback configures itself from the service file when SLF4J is first used (here, in this test's JVM)
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);

        assertThat(root.getLevel()).isEqualTo(Level.WARN);
        assertThat(root.getAppender("STDERR")).isInstanceOfSatisfying(ConsoleAppender.class, stderr -> {
            assertThat(stderr.getTarget()).isEqualTo("System.err");
            assertThat(stderr.isStarted()).isTrue();
        });
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").isInfoEnabled()).isFalse();
        assertThat(context.getLogger("org.eclipse.jetty.server.Server").isWarnEnabled()).isTrue();
    }
}
