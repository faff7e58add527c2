package dev.hivemind.runtime.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.runtime.agent.AgentFixture;
import dev.hivemind.runtime.agent.AgentHome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An app's backing service (its database, say) is kept in desired.json and brought up by every agent start before
 * the app's instances, and only when its check fails. The stand-in service is a marker file the app refuses to start
 * without: an instance started before the service would crash-loop instead of becoming healthy.
 */
class BackingServiceIT {
    @RegisterExtension
    final AgentHome agentHome = AgentHome.withoutAgent();
    private final AgentFixture fixture = agentHome.fixture();
    private final Path marker = agentHome.directory().resolve("service-running");
    private final Path starts = agentHome.directory().resolve("service-starts");

    @Test
    void everyAgentStartBringsTheServiceUpBeforeTheAppsInstancesAndOnlyWhenItIsDown() throws Exception {
        // given an app whose instances need the service, with the service recorded, running
        fixture.start();
        fixture.client.ensureApp("shop", AgentFixture.freePort(), "127.0.0.1");
        BackingService service = new BackingService("marker", List.of("/bin/sh", "-c", "test -f '" + marker + "'"),
                List.of("/bin/sh", "-c", "echo started >> '" + starts + "'; touch '" + marker + "'"));
        AppView recorded = fixture.client.setServices("shop", List.of(service));
        assertThat(recorded.app()).isEqualTo("shop");
        assertThat(Files.readString(fixture.home.agent().resolve("desired.json"))).contains("\"services\"")
                .contains("service-starts");
        assertThat(starts).as("recording a service starts nothing").doesNotExist();
        Files.writeString(marker, "");
        ReleaseLaunch launch = fixture.launch("r1", Map.of());
        fixture.client.startRelease("shop", new ReleaseLaunch("r1", launch.directory(),
                "test -f '" + marker + "' || exit 7; exec node server.js", Map.of(), launch.health()));
        fixture.awaitState("shop", "r1", InstanceState.HEALTHY);
        fixture.client.switchTo("shop", "r1", java.time.Duration.ZERO);

        // when the agent stops, the service goes down with everything else, and an agent starts again
        fixture.stopAgent();
        Files.delete(marker);
        fixture.start();

        // then the service was started once, before the instance, which is healthy at its first try
        assertThat(Files.readAllLines(starts)).containsExactly("started");
        InstanceView instance = fixture.awaitState("shop", "r1", InstanceState.HEALTHY);
        assertThat(instance.restarts()).isZero();

        // and a start that finds the service running leaves it alone
        fixture.stopAgent();
        fixture.start();
        assertThat(Files.readAllLines(starts)).containsExactly("started");
        fixture.awaitState("shop", "r1", InstanceState.HEALTHY);
    }

    @Test
    void servicesOfAnUnknownAppOrWithoutACommandAreRefused() {
        fixture.start();

        assertThatThrownBy(() -> fixture.client.setServices("ghost", List.of()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("the agent serves no app named ghost");
        assertThatThrownBy(() -> new BackingService("db", List.of(), List.of("pg_ctl", "start")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("backing service db needs a check command (program and arguments), got []");
    }
}
