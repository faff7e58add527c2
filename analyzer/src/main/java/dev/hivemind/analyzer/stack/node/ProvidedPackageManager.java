package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.build.BuildStep;
import dev.hivemind.analyzer.build.Executables;
import dev.hivemind.api.host.CleanEnvironment;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Yarn or pnpm when this machine has neither on its PATH but has npm: the build fetches the manager with npm into the
 * artifact ({@value #DIRECTORY}) and links it as {@code bin/yarn} or {@code bin/pnpm}, first on the build's PATH and on
 * the app's (as Heroku's Node.js buildpack provides them). So {@code yarn install} and a {@code yarn start} start
 * command work without a global install; the release carries the manager it was built with.
 * <p>
 * The version is package.json's {@code packageManager} pin; else the generation the lock file was written by
 * (Yarn 1 for a classic {@code yarn.lock}, Yarn 4 where {@code .yarnrc.yml} says Berry, pnpm by
 * {@code lockfileVersion}). Bun is not provided: its npm package downloads its binary from GitHub when installed.
 */
final class ProvidedPackageManager {
    /** Where the provided manager is installed, inside the artifact. */
    static final String DIRECTORY = ".hivemind-tools";
    private static final Pattern PNPM_LOCKFILE_VERSION = Pattern.compile(
            "(?m)^lockfileVersion:\\s*['\"]?(\\d+)");

    private final PackageManager manager;
    private final String packageSpec;

    private ProvidedPackageManager(PackageManager manager, String packageSpec) {
        this.manager = manager;
        this.packageSpec = packageSpec;
    }

    /**
     * The manager to provide when {@code manager} is not on {@code path} and npm is; empty when it is installed, is
     * npm itself or bun, or npm is missing too (then preflight says what to install).
     */
    static Optional<ProvidedPackageManager> whenMissing(PackageManager manager, Optional<String> declaredVersion,
                                                        Path directory, String path) {
        return isFetched(manager, path) ? Optional.of(new ProvidedPackageManager(manager,
                packageSpec(manager, declaredVersion, directory))) : Optional.empty();
    }

    /** Whether a build with {@code path} fetches {@code manager} (yarn or pnpm, not on it, with npm on it). */
    static boolean isFetched(PackageManager manager, String path) {
        return (manager == PackageManager.YARN || manager == PackageManager.PNPM)
                && Executables.find(manager.command(), path).isEmpty()
                && Executables.find(PackageManager.NPM.command(), path).isPresent();
    }

    /**
     * The npm package and version that installs {@code manager}: {@code yarn@1}, {@code @yarnpkg/cli-dist@4.5.0},
     * {@code pnpm@9}.
     */
    static String packageSpec(PackageManager manager, Optional<String> declaredVersion, Path directory) {
        Optional<String> pinned = declaredVersion.map(ProvidedPackageManager::withoutHash).filter(v -> !v.isBlank());
        return switch (manager) {
            case YARN -> {
                boolean berry = pinned.map(version -> !version.startsWith("0.") && !version.startsWith("1."))
                        .orElseGet(() -> ProjectFiles.read(directory.resolve(".yarnrc.yml")).isPresent());
                yield berry ? "@yarnpkg/cli-dist@" + pinned.orElse("4") : "yarn@" + pinned.orElse("1");
            }
            case PNPM -> "pnpm@" + pinned.orElseGet(() -> pnpmForLockFile(directory));
            case NPM, BUN -> throw new IllegalArgumentException(manager.command() + " is not provided by HiveMind");
        };
    }

    /** The step that installs the manager and links it into {@code bin/}; run first, in the artifact. */
    BuildStep installStep(String shownSource) {
        String command = manager.command();
        return BuildStep.shell("npm install --no-save --no-package-lock --prefix " + DIRECTORY + " " + packageSpec
                        + " && mkdir -p " + CleanEnvironment.BIN + " && ln -sfn ../" + DIRECTORY
                        + "/node_modules/.bin/" + command + " " + CleanEnvironment.BIN + "/" + command,
                "Fetching " + packageSpec + " with npm for the Node.js application in " + shownSource + " (" + command
                        + " is not installed here; the release gets it in " + CleanEnvironment.BIN + "/" + command
                        + ", on the app's PATH)",
                "Check that the npm registry is reachable, or install " + command + " on this machine yourself ("
                        + "npm install -g " + command + ")");
    }

    /** The manager's executable once {@link #installStep} ran in {@code artifact}. */
    Path executableIn(Path artifact) {
        return artifact.resolve(CleanEnvironment.BIN).resolve(manager.command());
    }

    String command() {
        return manager.command();
    }

    /** pnpm 9 writes lockfileVersion 9.0, pnpm 8 wrote 6.x, pnpm 7 wrote 5.x. */
    private static String pnpmForLockFile(Path directory) {
        return ProjectFiles.read(directory.resolve("pnpm-lock.yaml")).map(PNPM_LOCKFILE_VERSION::matcher)
                .filter(Matcher::find).map(found -> switch (Integer.parseInt(found.group(1))) {
                    case 5 -> "7";
                    case 6 -> "8";
                    default -> "9";
                }).orElse("9");
    }

    /** {@code 8.15.0+sha256.abc}, as corepack pins it, without the hash. */
    private static String withoutHash(String version) {
        int plus = version.indexOf('+');
        return (plus < 0 ? version : version.substring(0, plus)).strip();
    }
}
