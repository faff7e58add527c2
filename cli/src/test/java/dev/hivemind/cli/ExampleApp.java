package dev.hivemind.cli;

import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A copy of an example app that one IT class deploys: its own HIVEMIND_HOME and working directory, a
 * {@link CliHarness} on them and a free port for the public URL. Set up when first asked (so it works for either test
 * instance lifecycle); after the class the agent is stopped, with every app instance it runs, and the directories
 * removed. Register it in a static field and take what the tests use in fields:
 * <pre>
 * &#64;RegisterExtension
 * static final ExampleApp shop = new ExampleApp("node-plain", "shop-tls");
 * private final Path app = shop.app();
 * private final CliHarness cli = shop.cli();
 * </pre>
 */
final class ExampleApp implements AfterAllCallback {
    private final String example;
    private final String directoryName;
    private final int port = CliHarness.freePort();
    private Optional<Setup> setup = Optional.empty();

    private record Setup(Path home, Path work, Path app, CliHarness cli) {
    }

    /**
     * @param example       the directory under {@code examples/}
     * @param directoryName the copy's directory name, which is the app's name unless its hivemind.yaml or
     *                      {@code --app} says otherwise
     */
    ExampleApp(String example, String directoryName) {
        this.example = example;
        this.directoryName = directoryName;
    }

    /** The copy of the example. */
    Path app() {
        return setup().app();
    }

    /** The CLI, run in-process against {@link #home()}. */
    CliHarness cli() {
        return setup().cli();
    }

    /** The private HIVEMIND_HOME. */
    Path home() {
        return setup().home();
    }

    /** A port that was free when the class started, for {@code --port}. */
    int port() {
        return port;
    }

    private synchronized Setup setup() {
        if (setup.isEmpty()) {
            try {
                Path home = Files.createTempDirectory("hivemind-it-home-");
                Path work = Files.createTempDirectory("hivemind-it-work-");
                Path app = CliHarness.copyOfExample(example, work.resolve(directoryName));
                setup = Optional.of(new Setup(home, work, app, new CliHarness(home, work)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the example " + example, e);
            }
        }
        return setup.get();
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        if (setup.isPresent()) {
            setup.get().cli().close();
            PrivateFiles.deleteTree(setup.get().home());
            PrivateFiles.deleteTree(setup.get().work());
            setup = Optional.empty();
        }
    }
}
