package dev.hivemind.engine.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Fixture;
import dev.hivemind.engine.RunRange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AnalyzeStageTest {
    private final Fixture fixture = new Fixture("http://127.0.0.1:9");

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private DeploymentState withAppDir(String appDir) {
        DeployRequest request = new DeployRequest(fixture.root.resolve("src").toString(), Optional.of(appDir),
                Strategy.RECREATE, Optional.empty(), false);
        return DeploymentState.initial("20261122-033512-123-000appdir00", "shop", "local", "", request,
                Instant.parse("2026-11-22T03:35:12.123Z"));
    }

    @Test
    void theAppDirectoryInsideTheRepositoryIsAnalyzedAndBuilt() {
        DeploymentState built = fixture.conductor().start(withAppDir("shop"), Map.of(),
                RunRange.through(StageName.BUILD));

        Path app = fixture.root.resolve("src/shop");
        assertThat(fixture.analyzer.analyzed()).containsOnly(app);
        assertThat(fixture.builder.requests()).singleElement().satisfies(request ->
                assertThat(request.source()).isEqualTo(app));
        assertThat(built.techStack()).isPresent();
    }

    @Test
    void aMissingAppDirectoryIsInvalidInput() throws Exception {
        Files.createDirectories(fixture.root.resolve("src/docs"));

        InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
                () -> fixture.conductor().start(withAppDir("web"), Map.of(), RunRange.all(), true));

        assertThat(error.getMessage()).isEqualTo("app directory 'web' does not exist in " + fixture.root.resolve("src"));
        assertThat(fixture.store.load("20261122-033512-123-000appdir00").stage(StageName.ANALYZE).orElseThrow()
                .attempts()).isEqualTo(1);
    }

    @Test
    void anAppDirectoryLeavingTheRepositoryIsRefusedAtInit() {
        InvalidInputException error = catchThrowableOfType(InvalidInputException.class,
                () -> fixture.conductor().start(withAppDir("../../etc"), Map.of(), RunRange.all()));

        assertThat(error.getMessage()).isEqualTo("app directory '../../etc' must be a relative path inside the "
                + "repository");
        assertThat(fixture.faults.calls(StageName.ANALYZE)).isZero();
    }
}
