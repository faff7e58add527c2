package dev.hivemind.analyzer.stack.node;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Which yarn or pnpm a build fetches with npm when the machine has none; a real fetch is in NodeArtifactBuilderIT. */
class ProvidedPackageManagerTest {
    @TempDir
    Path root;

    @ParameterizedTest
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "YARN | -                          | -                              | yarn@1",
        "YARN | 1.22.19+sha1.abc           | -                              | yarn@1.22.19",
        "YARN | 3.6.4+sha512.d0c1          | -                              | @yarnpkg/cli-dist@3.6.4",
        "YARN | -                          | .yarnrc.yml=nodeLinker: node-modules | @yarnpkg/cli-dist@4",
        "PNPM | 8.15.0+sha256.abcdef       | -                              | pnpm@8.15.0",
        "PNPM | -                          | pnpm-lock.yaml=lockfileVersion: '6.0' | pnpm@8",
        "PNPM | -                          | pnpm-lock.yaml=lockfileVersion: 5.4 | pnpm@7",
        "PNPM | -                          | pnpm-lock.yaml=lockfileVersion: '9.0' | pnpm@9",
        "PNPM | -                          | -                              | pnpm@9"})
    void fetchesThePinnedVersionElseTheGenerationTheLockFileWasWrittenBy(PackageManager manager, String pinned,
                                                                         String file, String spec) {
        if (file != null) {
            String[] nameAndText = file.split("=", 2);
            write(root, nameAndText[0], nameAndText[1] + "\n");
        }

        assertThat(ProvidedPackageManager.packageSpec(manager, Optional.ofNullable(pinned), root)).isEqualTo(spec);
    }

    @Test
    void isFetchedOnlyForYarnAndPnpmMissingFromThePathWhileNpmIsOnIt() throws IOException {
        String npmOnly = bin("npm-only", "npm").toString();
        String withYarn = bin("with-yarn", "npm", "yarn").toString();
        String empty = bin("empty").toString();

        assertThat(ProvidedPackageManager.isFetched(PackageManager.YARN, npmOnly)).isTrue();
        assertThat(ProvidedPackageManager.isFetched(PackageManager.PNPM, npmOnly)).isTrue();
        assertThat(ProvidedPackageManager.isFetched(PackageManager.YARN, withYarn)).isFalse();
        assertThat(ProvidedPackageManager.isFetched(PackageManager.YARN, empty)).isFalse();
        assertThat(ProvidedPackageManager.isFetched(PackageManager.BUN, npmOnly)).isFalse();
        assertThat(ProvidedPackageManager.isFetched(PackageManager.NPM, npmOnly)).isFalse();
    }

    @Test
    void preflightThenAsksForNpmInsteadOfTheMissingManager() throws IOException {
        TechStack stack = new TechStack("nodejs", "none", "20", List.of(), false, Optional.empty(), "pnpm",
                "pnpm start", Optional.empty(), List.of());

        assertThat(new NodeDetector(bin("npm-only", "npm").toString()).requiredTools(stack)).last().isEqualTo(
                new ToolRequirement("npm", "--version", "apt-get install npm (pnpm is not installed: the build "
                        + "fetches it with npm)"));
        assertThat(new NodeDetector(bin("empty").toString()).requiredTools(stack)).last().isEqualTo(
                new ToolRequirement("pnpm", "--version", "apt-get install npm (HiveMind then fetches pnpm with it "
                        + "for each build), or npm install -g pnpm"));
    }

    @Test
    void theInstallStepLinksTheManagerIntoTheReleasesBin() throws IOException {
        ProvidedPackageManager yarn = ProvidedPackageManager.whenMissing(PackageManager.YARN, Optional.empty(), root,
                bin("npm-only", "npm").toString()).orElseThrow();

        assertThat(yarn.installStep("/src").display()).isEqualTo("npm install --no-save --no-package-lock --prefix "
                + ".hivemind-tools yarn@1 && mkdir -p bin && ln -sfn ../.hivemind-tools/node_modules/.bin/yarn "
                + "bin/yarn");
        assertThat(yarn.executableIn(Path.of("/artifact"))).isEqualTo(Path.of("/artifact/bin/yarn"));
    }

    private Path bin(String name, String... commands) throws IOException {
        Path directory = Files.createDirectories(root.resolve(name));
        for (String command : commands) {
            Files.createFile(directory.resolve(command), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        return directory;
    }
}
