package dev.hivemind.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A copy of an example app that one IT class deploys, in the working directory of a {@link CliHome} (its own
 * HIVEMIND_HOME, a {@link CliHarness} on it), and a free port for the public URL. Set up when first asked (so it works
 * for either test instance lifecycle); after the class the agent is stopped, with every app instance it runs, and the
 * directories removed. Register it in a static field and take what the tests use in fields:
 * <pre>
 * &#64;RegisterExtension
 * static final ExampleApp shop = new ExampleApp("node-plain", "shop-tls");
 * private final Path app = shop.app();
 * private final CliHarness cli = shop.cli();
 * </pre>
 */
final class ExampleApp implements AfterAllCallback {
    private final CliHome cliHome = new CliHome();
    private final String example;
    private final String directoryName;
    private final int port = CliHarness.freePort();
    private Optional<Path> app = Optional.empty();

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
    synchronized Path app() {
        if (app.isEmpty()) {
            try {
                app = Optional.of(CliHarness.copyOfExample(example, cliHome.work().resolve(directoryName)));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot copy the example " + example, e);
            }
        }
        return app.get();
    }

    /** The CLI, run in-process against {@link #home()}. */
    CliHarness cli() {
        return cliHome.cli();
    }

    /** The private HIVEMIND_HOME. */
    Path home() {
        return cliHome.home();
    }

    /** A port that was free when the class started, for {@code --port}. */
    int port() {
        return port;
    }

    @Override
    public synchronized void afterAll(ExtensionContext context) throws IOException {
        app = Optional.empty();
        cliHome.afterAll(context);
    }
}
