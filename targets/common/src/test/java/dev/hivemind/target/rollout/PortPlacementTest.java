package dev.hivemind.target.rollout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.FixedPort;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.runtime.client.InstanceNetwork;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortPlacementTest {
    private static final FixedPort NEST = new FixedPort(3000, "port 3000 from src/main.ts line 8 "
            + "(await app.listen(3000))");
    private static final Optional<String> NOT_ROOT = Optional.of("the agent does not run as root");

    @Test
    void anAppThatReadsPortGetsLoopbackPortsWhateverTheHost() {
        assertThat(PortPlacement.choose(Optional.empty(), Strategy.BLUE_GREEN, 3, NOT_ROOT, Map.of()))
                .isEqualTo(new PortPlacement.Assigned());
    }

    @Test
    void asRootAPinnedAppGetsANamespacePerInstanceAndKeepsItsStrategy() {
        PortPlacement placement = PortPlacement.choose(Optional.of(NEST), Strategy.CANARY, 2, Optional.empty(),
                Map.of("GREETING", "hello"));

        assertThat(placement).isEqualTo(new PortPlacement.Namespaces(NEST));
        assertThat(placement.network()).isEqualTo(InstanceNetwork.namespace(3000));
    }

    @Test
    void withoutRootAPinnedAppIsRecreatedOnTheHostAndThePlanSaysWhy() {
        PortPlacement placement = PortPlacement.choose(Optional.of(NEST), Strategy.BLUE_GREEN, 1, NOT_ROOT, Map.of());

        assertThat(placement).isEqualTo(new PortPlacement.OneAtATime(NEST, "the agent does not run as root"));
        assertThat(placement.describe(Strategy.BLUE_GREEN)).contains("the app is pinned to port 3000 (port 3000 from "
                + "src/main.ts line 8 (await app.listen(3000))); it runs on the host's network since the agent does "
                + "not run as root: recreate instead of blue-green, the release serving now stops before the new one "
                + "starts");
    }

    @Test
    void anAppThatNeedsTheHostsLoopbackStaysOnTheHost() {
        PortPlacement placement = PortPlacement.choose(Optional.of(NEST), Strategy.BLUE_GREEN, 1, Optional.empty(),
                Map.of("DATABASE_URL", "postgres://shop:secret@127.0.0.1:5433/shop"));

        assertThat(placement).isInstanceOf(PortPlacement.OneAtATime.class);
        assertThat(((PortPlacement.OneAtATime) placement).why()).isEqualTo("DATABASE_URL points at the host's "
                + "loopback, which an instance in a network namespace of its own cannot reach");
        assertThat(PortPlacement.loopbackVariable(Map.of("API", "https://api.example.com", "CACHE",
                "redis://localhost:6379"))).contains("CACHE");
        assertThat(PortPlacement.loopbackVariable(Map.of("HOSTNAME", "mylocalhost.example"))).isEmpty();
    }

    @Test
    void replicasThatCannotShareThePortFailBeforeAnythingStarts() {
        PortPlacement placement = PortPlacement.choose(Optional.of(NEST), Strategy.BLUE_GREEN, 2, NOT_ROOT, Map.of());

        assertThat(placement).isInstanceOfSatisfying(PortPlacement.Impossible.class, impossible -> {
            assertThat(impossible.problem()).isEqualTo("the app is pinned to port 3000 (port 3000 from "
                    + "src/main.ts line 8 (await app.listen(3000))), so 2 replicas cannot share this host's "
                    + "network, and each cannot get a network namespace of its own: the agent does not run as root");
            assertThat(impossible.remedy()).isEqualTo("Make the app listen on $PORT, run 1 replica (--replicas 1), "
                    + "or run HiveMind as root");
        });
    }
}
