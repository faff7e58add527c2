package dev.hivemind.engine;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The lifecycle shared by the tests of whole Conductor runs: one real HTTP app ({@link HealthServer}) per test class
 * and a fresh {@link Fixture} pointing at it per test, closed after the test with any interrupt the test left
 * cleared. Register it in a static field and take the fixture in an instance field:
 * <pre>
 * &#64;RegisterExtension
 * static final ConductorWorld world = new ConductorWorld();
 * private final Fixture fixture = world.newFixture();
 * </pre>
 */
final class ConductorWorld implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
    private HealthServer app;
    private final List<Fixture> fixtures = new ArrayList<>();

    @Override
    public void beforeAll(ExtensionContext context) {
        app = new HealthServer();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        app.close();
    }

    /** A fixture whose target serves {@link #url()}, closed when the test ends. */
    Fixture newFixture() {
        Fixture fixture = new Fixture(url());
        fixtures.add(fixture);
        return fixture;
    }

    /** The real app's URL. */
    String url() {
        return app.url();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Thread.interrupted();
        fixtures.forEach(Fixture::close);
        fixtures.clear();
    }
}
