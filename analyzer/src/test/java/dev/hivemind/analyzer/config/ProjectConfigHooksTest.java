package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.HookName;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.StageName;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** hivemind.yaml {@code hooks:} and the per-environment default gates. */
class ProjectConfigHooksTest {
    @TempDir
    Path dir;

    @Test
    void readsEachFormOfAHookInTheOrderTheyRun() {
        write(dir, "hivemind.yaml", """
                hooks:
                  pre-destroy: ./backup.sh
                  post-deploy: {run: [curl -fs localhost, echo done], timeout: 90s}
                  pre-build: [npm run lint, npm test]
                  post-build: {run: ls dist}
                """);

        assertThat(ProjectFile.read(dir).hooks("dev")).containsExactly(
                HookStep.pending(HookName.PRE_BUILD, List.of("npm run lint", "npm test"), HookStep.DEFAULT_TIMEOUT),
                HookStep.pending(HookName.POST_BUILD, List.of("ls dist"), Duration.ofMinutes(5)),
                HookStep.pending(HookName.POST_DEPLOY, List.of("curl -fs localhost", "echo done"),
                        Duration.ofSeconds(90)),
                HookStep.pending(HookName.PRE_DESTROY, List.of("./backup.sh"), Duration.ofMinutes(5)));
    }

    @Test
    void anEnvironmentsOverlayReplacesOneHookAndKeepsTheOthers() {
        write(dir, "hivemind.yaml", """
                hooks: {pre-build: make, pre-deploy: echo dev}
                environments:
                  prod: {hooks: {pre-deploy: {run: ./notify.sh, timeout: 1m}}}
                """);

        assertThat(ProjectFile.read(dir).hooks("prod")).containsExactly(
                HookStep.pending(HookName.PRE_BUILD, List.of("make"), HookStep.DEFAULT_TIMEOUT),
                HookStep.pending(HookName.PRE_DEPLOY, List.of("./notify.sh"), Duration.ofMinutes(1)));
        assertThat(ProjectFile.read(dir).hooks("dev")).extracting(HookStep::commands)
                .containsExactly(List.of("make"), List.of("echo dev"));
    }

    @Test
    void noFileOrNoKeyMeansNoHooks() {
        assertThat(ProjectFile.read(dir).hooks("dev")).isEmpty();
        write(dir, "hivemind.yaml", "port: 3000\n");
        assertThat(ProjectFile.read(dir).hooks("dev")).isEmpty();
    }

    @Test
    void theUnderscoreSpellingAndAZeroTimeoutAreRefusedWithWhatToWrite() {
        write(dir, "hivemind.yaml", "hooks: {post_deploy: echo hi, pre-build: {run: make, timeout: 0}}\n");

        assertThatThrownBy(() -> ProjectFile.read(dir).hooks("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hooks.post_deploy: unknown key (keys are kebab-case: write 'post-deploy')");
        write(dir, "hivemind.yaml", "hooks: {pre-build: {run: make, timeout: 0}}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir).hooks("dev")).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("hook pre-build needs a positive timeout, not PT0S; give each hook a timeout "
                        + "above zero");
    }

    @Test
    void prodWaitsBeforeProvisionAndDeployByDefaultAndAnExplicitEmptyListMeansNone() {
        assertThat(ProjectFile.defaultGates("prod")).containsExactly(StageName.PROVISION, StageName.DEPLOY);
        assertThat(List.of("dev", "test", "staging")).allSatisfy(environment ->
                assertThat(ProjectFile.defaultGates(environment)).isEmpty());
        write(dir, "hivemind.yaml", "port: 3000\nenvironments: {prod: {gates: []}, staging: {gates: [validate]}}\n");
        assertThat(ProjectFile.read(dir).configuredGates("prod")).contains(List.of());
        assertThat(ProjectFile.read(dir).configuredGates("staging")).contains(List.of(StageName.VALIDATE));
        assertThat(ProjectFile.read(dir).configuredGates("dev")).isEqualTo(Optional.empty());
    }
}
