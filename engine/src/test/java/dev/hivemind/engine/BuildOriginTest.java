package dev.hivemind.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.ArtifactBuilder.Origin;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the analyze and build stages tell the fetcher and builder for their caches. */
class BuildOriginTest {
    private static final String ID = "20261122-033512-123-000origin0";
    private final Fixture fixture = new Fixture("http://127.0.0.1:9");

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    @Test
    void aLocalDirectoryHasNoRevisionSoItsFilesIdentifyIt() {
        DeployRequest request = new DeployRequest(fixture.root.resolve("src").toString(), Optional.of("shop"),
                Strategy.RECREATE, Optional.empty(), false);

        fixture.conductor().start(initial(request), Map.of(), RunRange.through(StageName.BUILD));

        assertThat(fixture.fetcher.freshStarts()).containsExactly(false);
        assertThat(fixture.builder.requests()).singleElement().extracting(BuildRequest::origin)
                .isEqualTo(new Origin(Optional.of("shop"), Optional.of(ID), Optional.empty(), false));
    }

    @Test
    void aGitSourceIsIdentifiedByItsCommitAndAppDirectoryAndAFreshStartReachesBothCaches() {
        DeployRequest request = new DeployRequest("https://example.com/acme/shop.git", Optional.empty(),
                Strategy.RECREATE, Optional.empty(), false, HealthCheck.defaults(), true);

        fixture.conductor().start(initial(request), Map.of(), RunRange.through(StageName.BUILD));

        assertThat(fixture.fetcher.freshStarts()).containsExactly(true);
        assertThat(fixture.builder.requests()).singleElement().extracting(BuildRequest::origin)
                .isEqualTo(new Origin(Optional.of("shop"), Optional.of(ID),
                        Optional.of("0123456789abcdef0123456789abcdef01234567:."), true));
    }

    private static DeploymentState initial(DeployRequest request) {
        return DeploymentState.initial(ID, "shop", "local", "", request, Instant.parse("2026-11-22T03:35:12.123Z"));
    }
}
