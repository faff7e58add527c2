package dev.hivemind.analyzer.stack.node;

import static dev.hivemind.analyzer.Fixtures.packageJson;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.analyzer.build.BuildStep;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NodeBuildPlanTest {

    @TempDir
    Path dir;

    @Test
    void installsWithNpmCiWhenThereIsALockFileThenRunsTheBuildScript() {
        packageJson(dir, "\"scripts\": { \"build\": \"tsc\" }");
        write(dir, "package-lock.json", "{}");

        List<BuildStep> steps = plan(PackageManager.NPM, Optional.empty());

        assertThat(steps).extracting(BuildStep::display).containsExactly("npm ci", "npm run build");
        assertThat(steps.get(0).context()).isEqualTo("Installing dependencies for the Node.js application in /src/app");
        assertThat(steps.get(0).hint()).startsWith("Check package.json for invalid dependencies and that "
                + "package-lock.json agrees with package.json");
        assertThat(steps.get(1).context()).isEqualTo("Building the Node.js application in /src/app");
        assertThat(steps.get(1).hint()).contains("scripts.build", "'npm run build'");
    }

    @Test
    void installsWithNpmCiFromAShrinkwrap() {
        packageJson(dir, "");
        write(dir, "npm-shrinkwrap.json", "{}");

        assertThat(plan(PackageManager.NPM, Optional.empty())).extracting(BuildStep::display).containsExactly("npm ci");
    }

    @Test
    void installsWithNpmInstallWithoutALockFileAndSkipsAMissingOrBlankBuild() {
        packageJson(dir, "\"scripts\": { \"build\": \" \", \"start\": \"node server.js\" }");

        List<BuildStep> steps = plan(PackageManager.NPM, Optional.empty());

        assertThat(steps).extracting(BuildStep::display).containsExactly("npm install");
        assertThat(steps.get(0).hint()).isEqualTo("Check package.json for invalid dependencies and that the "
                + "registry is reachable");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "YARN | yarn.lock      | yarn install --frozen-lockfile | yarn run build",
        "PNPM | pnpm-lock.yaml | pnpm install --frozen-lockfile | pnpm run build",
        "BUN  | bun.lockb      | bun install --frozen-lockfile  | bun run build"})
    void usesTheOtherManagersFrozenLockfileInstalls(PackageManager manager, String lockFile, String install,
                                                    String build) {
        packageJson(dir, "\"scripts\": { \"build\": \"vite build\" }");
        write(dir, lockFile, "");

        assertThat(plan(manager, Optional.empty())).extracting(BuildStep::display).containsExactly(install, build);
    }

    @Test
    void usesImmutableForModernYarn() {
        packageJson(dir, "");
        write(dir, "yarn.lock", "");

        assertThat(plan(PackageManager.YARN, Optional.of("4.1.0"))).extracting(BuildStep::display)
                .containsExactly("yarn install --immutable");
        assertThat(plan(PackageManager.YARN, Optional.of("1.22.19"))).extracting(BuildStep::display)
                .containsExactly("yarn install --frozen-lockfile");
        write(dir, ".yarnrc.yml", "nodeLinker: node-modules\n");
        assertThat(plan(PackageManager.YARN, Optional.empty())).extracting(BuildStep::display)
                .containsExactly("yarn install --immutable");
    }

    @Test
    void installsPlainlyWhenTheManagersLockFileIsMissing() {
        packageJson(dir, "");

        assertThat(plan(PackageManager.PNPM, Optional.empty())).extracting(BuildStep::display)
                .containsExactly("pnpm install");
    }

    @Test
    void parsesThePackageManagerField() {
        assertThat(PackageManager.parseField("pnpm@9.1.0+sha512.abc"))
                .contains(new PackageManager.Declared(PackageManager.PNPM, Optional.of("9.1.0+sha512.abc")));
        assertThat(PackageManager.parseField("yarn"))
                .contains(new PackageManager.Declared(PackageManager.YARN, Optional.empty()));
        assertThat(PackageManager.parseField("deno@2")).isEmpty();
    }

    private List<BuildStep> plan(PackageManager manager, Optional<String> version) {
        return NodeBuildPlan.plan(dir, "/src/app", manager, version, PackageJson.read(dir));
    }
}
