package dev.hivemind.cli;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.runtime.supervisor.AppUser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the CLI's ITs: a private HIVEMIND_HOME and working directory for one test class, with a
 * {@link CliHarness} on them. Made when first asked (so it works for either test instance lifecycle); after the class
 * the host agent that the CLI started in the background on that home is stopped ({@code hivemind agent stop}), with
 * every app instance it runs, and the directories removed. Register it in a static field and take what the tests use
 * in fields:
 * <pre>
 * &#64;RegisterExtension
 * static final CliHome cliHome = new CliHome();
 * private final CliHarness cli = cliHome.cli();
 * private final Path home = cliHome.home();
 * </pre>
 */
final class CliHome implements AfterAllCallback {
    private Optional<Setup> setup = Optional.empty();

    private record Setup(Path home, Path work, CliHarness cli) {
    }

    /** The CLI, run in-process against {@link #home()} from {@link #work()}. */
    CliHarness cli() {
        return setup().cli();
    }

    /** The private HIVEMIND_HOME. */
    Path home() {
        return setup().home();
    }

    /** The CLI's working directory, for the apps the tests write or copy. */
    Path work() {
        return setup().work();
    }

    private synchronized Setup setup() {
        if (setup.isEmpty()) {
            try {
                Path home = Files.createTempDirectory("hivemind-it-home-");
                Path work = Files.createTempDirectory("hivemind-it-work-");
                setup = Optional.of(new Setup(home, work, new CliHarness(home, work)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make the temporary directories of the CLI's home", e);
            }
        }
        return setup.get();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (setup.isPresent()) {
            try {
                setup.get().cli().close();
                AppUser.removeAllOf(new HivemindHome(setup.get().home())); // as root each app had a user of its own
            } finally {
                PrivateFiles.deleteTree(setup.get().home());
                PrivateFiles.deleteTree(setup.get().work());
                setup = Optional.empty();
            }
        }
    }
}
