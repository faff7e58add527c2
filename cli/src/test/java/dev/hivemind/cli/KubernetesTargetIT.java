package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code deploy --target kubernetes} through the CLI, up to where a cluster would be needed (none can run here; the
 * target's behaviour on a cluster is tested against fabric8's mock API server in the kubernetes module): the target is
 * found, and bad options are refused with exit 2 before any deployment, image or cluster object exists.
 */
class KubernetesTargetIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void withoutARegistryTheDeployIsRefusedBeforeAnythingIsCreated() {
        CliHarness cli = new CliHarness(home, work);
        Path app = CliHarness.example("node-express");

        CliHarness.Result result = cli.run(Map.of("KUBECONFIG", work.resolve("no-kubeconfig").toString()),
                "deploy", app.toString(), "--target", "kubernetes", "--namespace", "Bad_NS", "--tls-issuer", "le");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("--target kubernetes needs a registry to push the app's image to")
                .contains("--namespace 'Bad_NS' is not a namespace name")
                .contains("--tls-issuer needs --domain")
                .contains("Pass --registry HOST[:PORT]/REPO");
        assertNothingCreated();
    }

    @Test
    void withoutAKubeconfigTheDeployStopsAtPreflightWithTheRemedy() {
        CliHarness cli = new CliHarness(home, work);
        Path app = CliHarness.example("node-express");

        CliHarness.Result result = cli.run(Map.of("KUBECONFIG", work.resolve("no-kubeconfig").toString()),
                "deploy", app.toString(), "--target", "kubernetes", "--registry", "localhost:5000/shop");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("no readable kubeconfig at " + work.resolve("no-kubeconfig")
                + " (KUBECONFIG)").contains("Set KUBECONFIG");
        assertThat(home.resolve("kubernetes")).doesNotExist();
    }

    @Test
    void aRollingUpdateThatCouldReplaceNoPodIsRefusedBeforeAnythingIsCreated() throws java.io.IOException {
        CliHarness cli = new CliHarness(home, work);
        Path app = CliHarness.copyOfExample("node-express", work.resolve("shop"));
        Files.writeString(app.resolve("hivemind.yaml"), "strategy: rolling\nrolling: {max-surge: 0%}\n");

        CliHarness.Result result = cli.run(Map.of("KUBECONFIG", work.resolve("no-kubeconfig").toString()),
                "deploy", app.toString(), "--target", "kubernetes", "--registry", "localhost:5000/shop");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("rolling.max-surge: 0% with max-unavailable 0 (the default) lets no pod be "
                + "replaced; give max-surge at least 1");
        assertNothingCreated();

        Files.writeString(app.resolve("hivemind.yaml"), "rolling: {max-unavailable: lots}\n");
        result = cli.run(Map.of("KUBECONFIG", work.resolve("no-kubeconfig").toString()),
                "deploy", app.toString(), "--target", "kubernetes", "--registry", "localhost:5000/shop");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("rolling.max-unavailable: must be a count of pods (2) or a percentage "
                + "from 0% to 100% (25%), not 'lots'");
        assertNothingCreated();
    }

    @Test
    void theKubernetesOptionsAreRefusedForAnotherTarget() {
        CliHarness cli = new CliHarness(home, work);

        CliHarness.Result result = cli.run("deploy", CliHarness.example("node-express").toString(), "--registry",
                "localhost:5000/shop");

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("are for --target kubernetes, not local");
        assertNothingCreated();
    }

    private void assertNothingCreated() {
        Path deployments = home.resolve("deployments");
        assertThat(!Files.exists(deployments) || deployments.toFile().list().length == 0).isTrue();
        assertThat(home.resolve("kubernetes")).doesNotExist();
    }
}
