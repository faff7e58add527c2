package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code hivemind.yaml} may not do, refused by {@code deploy} with exit 2 before anything is created: duplicate
 * keys, aliases of nothing, a file that is not a regular file, secrets read from outside the app's directory.
 */
class ProjectFileRefusalIT {
    @TempDir
    Path home;
    @TempDir
    Path work;

    @Test
    void aKeyGivenTwiceIsRefusedNamingItsLines() throws Exception {
        Path app = app("twice", "app: twice\nstart: node server.js\nport: 3000\nstart: npm start\n");

        CliHarness.Result result = deploy(app);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(app.resolve("hivemind.yaml") + " has a problem:\n  line 4: the key 'start' "
                + "is given twice in the same mapping (lines 2 and 4); keep one");
        assertNothingCreated();
    }

    @Test
    void anAliasRunsTheAnchorsCommandNotItsName() throws Exception {
        Path app = app("aliased", "app: aliased\nbuild: &check npm run check\nhooks:\n  post-build: *check\n"
                + "start: *nothing\n");

        CliHarness.Result result = deploy(app);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("line 5: the alias *nothing names no anchor (&nothing) defined before it");
        assertNothingCreated();
    }

    @Test
    void aDirectoryInPlaceOfTheFileIsRefused() throws Exception {
        Path app = app("directory", null);
        Files.createDirectories(app.resolve("hivemind.yaml"));

        CliHarness.Result result = deploy(app);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains(app.resolve("hivemind.yaml") + " is a directory, not a regular file");
        assertNothingCreated();
    }

    @Test
    void aSecretFileOutsideTheAppsDirectoryIsRefused() throws Exception {
        Files.writeString(work.resolve("outside-token"), "not-the-apps\n");
        Path app = app("leaky", "app: leaky\nenv:\n  API_TOKEN: {file: ../outside-token}\n  HOSTNAME_FILE: "
                + "{file: /etc/hostname}\n");

        CliHarness.Result result = deploy(app);

        assertThat(result.exitCode()).as(result.toString()).isEqualTo(2);
        assertThat(result.err()).contains("env.API_TOKEN: the secret file '../outside-token' leads out of the app's "
                        + "directory (to " + work.resolve("outside-token") + ")")
                .contains("env.HOSTNAME_FILE: the secret file '/etc/hostname' is an absolute path");
        assertNothingCreated();
    }

    /** A deploy that should be refused; should it not be, the agent it started is stopped all the same. */
    private CliHarness.Result deploy(Path app) {
        try (CliHarness cli = new CliHarness(home, work)) {
            return cli.run("deploy", app.toString());
        }
    }

    private Path app(String name, String yaml) throws Exception {
        Path app = CliHarness.copyOfExample("node-plain", work.resolve(name));
        Files.deleteIfExists(app.resolve("hivemind.yaml"));
        if (yaml != null) {
            Files.writeString(app.resolve("hivemind.yaml"), yaml);
        }
        return app;
    }

    private void assertNothingCreated() {
        assertThat(home.resolve("deployments")).doesNotExist();
        assertThat(home.resolve("agent/agent.sock")).doesNotExist();
    }
}
