package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.HealthCheck;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hivemind.yaml's probes.startup and health: keys as the startup probe's settings. */
class ProjectConfigStartupProbeTest {
    @TempDir
    Path dir;

    @Test
    void noFileOrNoKeysSetNothing() {
        assertThat(ProjectFile.read(dir).startupProbe("dev")).isEqualTo(HealthCheck.Settings.NONE);
        write(dir, "hivemind.yaml", "port: 3000\nprobes: {readiness: {path: /ready}}\n");
        assertThat(ProjectFile.read(dir).startupProbe("dev")).isEqualTo(HealthCheck.Settings.NONE);
    }

    @Test
    void probesStartupSetsEveryField() {
        write(dir, "hivemind.yaml", """
                probes:
                  startup: {path: /started, interval: 250ms, timeout: 2s, threshold: 2, deadline: 1m}
                """);

        HealthCheck check = ProjectFile.read(dir).startupProbe("dev").resolve();

        assertThat(check).isEqualTo(new HealthCheck(Optional.of("/started"), Duration.ofMillis(250),
                Duration.ofSeconds(2), 2, Duration.ofMinutes(1)));
    }

    @Test
    void theHealthKeysAreReadTooAndLeaveTheRestToTheDefaults() {
        write(dir, "hivemind.yaml", "health: {path: /healthz, timeout: 1s, startup_deadline: 90}\n");

        HealthCheck check = ProjectFile.read(dir).startupProbe("dev").resolve();

        HealthCheck defaults = HealthCheck.defaults();
        assertThat(check).isEqualTo(new HealthCheck(Optional.of("/healthz"), defaults.interval(),
                Duration.ofSeconds(1), defaults.threshold(), Duration.ofSeconds(90)));
    }

    @Test
    void healthAndProbesStartupCombineWhereTheyAgree() {
        write(dir, "hivemind.yaml", """
                health: {path: /healthz, interval: 2s}
                probes:
                  startup: {interval: 2000ms, success-threshold: 5}
                """);

        HealthCheck.Settings settings = ProjectFile.read(dir).startupProbe("dev");

        assertThat(settings).isEqualTo(new HealthCheck.Settings(Optional.of("/healthz"),
                Optional.of(Duration.ofSeconds(2)), Optional.empty(), Optional.of(5), Optional.empty()));
    }

    @Test
    void aFieldSetDifferentlyInBothPlacesIsRefusedNamingBothKeys() {
        write(dir, "hivemind.yaml", """
                health: {path: /healthz, threshold: 3, startup_deadline: 30s}
                probes:
                  startup: {path: /started, threshold: 3, deadline: 10s, timeout: 0s}
                """);

        assertThatThrownBy(() -> ProjectFile.read(dir).startupProbe("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("has 3 problems")
                .hasMessageContaining("health.path (/healthz) and probes.startup.path (/started) set the startup "
                        + "probe's path differently; keep one of them")
                .hasMessageContaining("health.startup_deadline (30s) and probes.startup.deadline (10s) set the "
                        + "startup probe's deadline differently")
                .hasMessageContaining("probes.startup.timeout: must be longer than zero; give it a duration like 2s")
                .hasMessageNotContaining("threshold");
    }

    @Test
    void theEnvironmentsOverlayAppliesAndTheStartupPathIsTheProbesDefaultPath() {
        write(dir, "hivemind.yaml", """
                probes:
                  startup: {path: /started}
                  readiness: {interval: 1s}
                environments:
                  prod: {probes: {startup: {deadline: 2m}}}
                  staging: {health: {path: /healthz}}
                """);

        assertThat(ProjectFile.read(dir).startupProbe("prod").startupDeadline()).contains(Duration.ofMinutes(2));
        assertThat(ProjectFile.read(dir).startupProbe("dev").startupDeadline()).isEmpty();
        assertThat(ProjectFile.read(dir).rollout("dev").readiness().orElseThrow().path()).isEqualTo("/started");
        assertThatThrownBy(() -> ProjectFile.read(dir).startupProbe("staging")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("health.path (/healthz) and probes.startup.path (/started) set the startup "
                        + "probe's path differently; keep one of them (with the staging overlay)");
    }

    @Test
    void theCommandLineWinsFieldByField() {
        write(dir, "hivemind.yaml", "probes:\n  startup: {path: /started, interval: 3s, threshold: 4}\n");
        HealthCheck.Settings commandLine = new HealthCheck.Settings(Optional.empty(),
                Optional.of(Duration.ofMillis(500)), Optional.empty(), Optional.empty(), Optional.empty());

        HealthCheck check = commandLine.over(ProjectFile.read(dir).startupProbe("dev")).resolve();

        assertThat(check.path()).contains("/started");
        assertThat(check.interval()).isEqualTo(Duration.ofMillis(500));
        assertThat(check.threshold()).isEqualTo(4);
        assertThat(check.timeout()).isEqualTo(HealthCheck.defaults().timeout());
    }

    @Test
    void aFailureThresholdIsNoStartupProbeKey() {
        write(dir, "hivemind.yaml", "probes:\n  startup: {failure-threshold: 3}\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).startupProbe("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("probes.startup.failure-threshold: unknown key");
    }
}
