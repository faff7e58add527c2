package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.state.Status;
import dev.hivemind.cli.CliHarness;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code status} from the records alone: a destroyed app's URL is not offered as if it served. */
class StatusCommandTest {
    private static final Instant AT = RecordedDeployments.AT;

    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aDestroyedAppShowsNoUrlWhereAServingOneDoes() {
        RecordedDeployments.save(home, "20261122-033512-123-000shop0000", "shop", "http://127.0.0.1:8080", AT,
                Optional.of(Status.DESTROYED));
        // blog's latest deployment failed after its deploy stage, then the app was destroyed
        RecordedDeployments.save(home, "20261122-033512-123-000blog0000", "blog", "http://127.0.0.1:8081", AT,
                Optional.of(Status.DESTROYED));
        RecordedDeployments.save(home, "20261122-033542-123-000blog0001", "blog", "http://127.0.0.1:8081",
                AT.plusSeconds(30), Optional.of(Status.FAILED));
        RecordedDeployments.save(home, "20261122-033512-123-000wiki0000", "wiki", "http://127.0.0.1:8082", AT,
                Optional.of(Status.COMPLETE));
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result all = cli.run("status");
        CliHarness.Result shop = cli.run("status", "shop");

        // wiki is served by this machine's agent, which no test started: status says so and exits 1
        assertThat(all.exitCode()).as(all.toString()).isEqualTo(1);
        assertThat(all.out()).contains("The host agent is not running");
        assertThat(all.out()).containsPattern("shop +20261122-033512-123-000shop0000 +destroyed +-\n")
                .containsPattern("blog +20261122-033542-123-000blog0001 +failed +-\n")
                .containsPattern("wiki +20261122-033512-123-000wiki0000 +complete +http://127.0.0.1:8082\n");
        assertThat(shop.out()).contains("  URL: none, the app was destroyed (it served http://127.0.0.1:8080)")
                .doesNotContain("  URL: http");
    }
}
