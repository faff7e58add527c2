package dev.hivemind.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.rollout.ResourceLimits;
import dev.hivemind.api.rollout.RolloutPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WireTest {

    @Test
    void anInstanceViewIsSnakeCaseWithLowerCaseStateAndNullForEmptyValues() {
        InstanceView view = new InstanceView("r1", InstanceState.CRASHED, 41000, Optional.empty(),
                Instant.parse("2026-11-22T10:15:30Z"), 2, Optional.of(7), "/home/x/output.log",
                List.of(ProbeView.failed(Instant.parse("2026-11-22T10:15:31Z"), "connection refused", 3),
                        ProbeView.answered(Instant.parse("2026-11-22T10:15:32Z"), 204, 5)),
                List.of("boom"), false, true, 2);

        String json = Json.text(view);

        assertThat(json).contains("\"release_id\" : \"r1\"", "\"state\" : \"crashed\"", "\"pid\" : null",
                "\"started_at\" : \"2026-11-22T10:15:30Z\"", "\"exit_code\" : 7", "\"log_path\"",
                "\"status_code\" : null", "\"error\" : \"connection refused\"", "\"last_log_lines\" : [ \"boom\" ]",
                "\"ready\" : false", "\"crash_looping\" : true", "\"replica\" : 2");
        assertThat(Json.read(json, InstanceView.class)).isEqualTo(view);
    }

    @Test
    void viewsAndResultsReadBackAsTheyWereWritten() {
        AppView app = new AppView("web", 8080, "127.0.0.1", Optional.empty(), List.of(new ReleaseView("r1",
                ReleaseState.CRASH_LOOPING, 90, List.of(), 2, Optional.of(Path.of("/srv/web/r1")))), Map.of("r1", 90));
        SwitchResult switched = new SwitchResult(Optional.of("r1"), 12);
        AgentStatus status = new AgentStatus(42, Instant.parse("2026-11-22T10:00:00Z"), "/home/x", List.of("web"));

        assertThat(Json.read(Json.text(app), AppView.class)).isEqualTo(app);
        assertThat(Json.read(Json.text(app).replace("\"directory\"", "\"older_agents_send_none\""), AppView.class)
                .releases().getFirst().directory()).as("a view from an older agent").isEmpty();
        assertThat(Json.text(app)).contains("\"active_release\" : null", "\"state\" : \"crash-looping\"",
                "\"weights\" : {", "\"r1\" : 90");
        assertThat(Json.read(Json.text(switched), SwitchResult.class)).isEqualTo(switched);
        assertThat(Json.text(switched)).contains("\"previous_release\" : \"r1\"", "\"switch_micros\" : 12");
        assertThat(Json.read(Json.text(status), AgentStatus.class)).isEqualTo(status);
    }

    @Test
    void aReleaseRequestGetsDefaultsForWhatItLeavesOut() {
        Wire.ReleaseRequest request = Json.read("""
                {"release_id": "r1", "directory": "/srv/r1", "command": "node server.js",
                 "health": {"path": "/healthz", "threshold": 5}}""", Wire.ReleaseRequest.class);

        ReleaseLaunch launch = request.launch();

        assertThat(launch.environment()).isEmpty();
        assertThat(launch.health()).isEqualTo(new HealthSettings("/healthz", Duration.ofSeconds(1),
                Duration.ofSeconds(5), 5, Duration.ofSeconds(60)));
        assertThat(launch.policy()).isEqualTo(InstancePolicy.defaults());
        assertThat(Wire.ReleaseRequest.of(launch).launch()).isEqualTo(launch);
        ReleaseLaunch probed = launch.withPolicy(new InstancePolicy(3,
                Optional.of(new RolloutPolicy.Probe("/ready", Duration.ofMillis(200), Duration.ofSeconds(1), 2)),
                Optional.of(new RolloutPolicy.Probe("/live", Duration.ofSeconds(1), Duration.ofSeconds(1), 3)),
                Duration.ofSeconds(4), Duration.ofSeconds(2), new RolloutPolicy.CrashLoop(3, Duration.ofMinutes(1))));
        assertThat(Json.read(Json.text(Wire.ReleaseRequest.of(probed)), Wire.ReleaseRequest.class).launch())
                .isEqualTo(probed);
        ReleaseLaunch limited = launch.withPolicy(launch.policy().withLimits(new ResourceLimits(64L << 20, 32)));
        String text = Json.text(Wire.ReleaseRequest.of(limited));
        assertThat(text).contains("\"memory_limit_bytes\" : 67108864", "\"tasks_limit\" : 32");
        assertThat(Json.read(text, Wire.ReleaseRequest.class).launch()).isEqualTo(limited);
        assertThat(launch.policy().limits()).as("an older client's request").isEqualTo(ResourceLimits.defaults());
    }

    @Test
    void badRequestsAreRefusedWithTheReason() {
        assertThatThrownBy(() -> new Wire.ReleaseRequest("r1", "relative", "true", null, null, null, null).launch())
                .hasMessage("directory must be an absolute path, got relative");
        assertThatThrownBy(() -> new Wire.ReleaseRequest("../etc", "/srv", "true", null, null, null, null).launch())
                .hasMessageContaining("release id '../etc' must be");
        assertThatThrownBy(() -> new Wire.AppRequest(70000, null).port()).hasMessage("public_port must be 1-65535, got 70000");
        assertThatThrownBy(() -> new Wire.SwitchRequest("r1", -1L).drainTimeout()).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Json.read("[]", Wire.AppRequest.class)).hasMessageStartingWith("invalid JSON");
        assertThat(new Wire.SwitchRequest("r1", null).drainTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(new Wire.AppRequest(8080, null).address()).isEqualTo("127.0.0.1");
        assertThatThrownBy(() -> new Wire.ScaleRequest(65).count()).hasMessage("replicas must be 0-64, got 65");
        assertThatThrownBy(() -> new Wire.WeightsRequest(Map.of("r1", 0)).valid())
                .hasMessageContaining("at least one release needs a positive weight");
        assertThatThrownBy(() -> new Wire.WeightsRequest(Map.of("r1", -5)).valid())
                .hasMessage("the weight of release r1 must be 0-10000, got -5");
    }

    @Test
    void healthSettingsAndLaunchesValidateTheirValues() {
        assertThat(HealthSettings.defaults("/")).isEqualTo(new HealthSettings("/", Duration.ofSeconds(1),
                Duration.ofSeconds(5), 3, Duration.ofSeconds(60)));
        assertThatThrownBy(() -> HealthSettings.defaults("health")).hasMessageContaining("must start with '/'");
        assertThatThrownBy(() -> new HealthSettings("/", Duration.ZERO, Duration.ofSeconds(1), 1, Duration.ofSeconds(1)))
                .hasMessageContaining("health interval must be positive");
        assertThatThrownBy(() -> new ReleaseLaunch("r1", Path.of("/srv"), " ", Map.of(), HealthSettings.defaults("/")))
                .hasMessageContaining("start command of release r1 is empty");
    }
}
