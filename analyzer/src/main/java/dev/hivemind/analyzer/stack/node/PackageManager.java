package dev.hivemind.analyzer.stack.node;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The Node.js package managers HiveMind builds with, in the order their lock files are looked for. */
enum PackageManager {
    NPM("npm", List.of("package-lock.json", "npm-shrinkwrap.json"), List.of(), "apt-get install nodejs npm"),
    YARN("yarn", List.of("yarn.lock"), List.of(".yarnrc.yml"),
            "apt-get install npm (HiveMind then fetches yarn with it for each build), or npm install -g yarn"),
    PNPM("pnpm", List.of("pnpm-lock.yaml"), List.of("pnpm-workspace.yaml"),
            "apt-get install npm (HiveMind then fetches pnpm with it for each build), or npm install -g pnpm"),
    BUN("bun", List.of("bun.lockb", "bun.lock"), List.of("bunfig.toml"), "npm install -g bun");

    private final String command;
    private final List<String> lockFiles;
    private final List<String> configFiles;
    private final String installHint;

    PackageManager(String command, List<String> lockFiles, List<String> configFiles, String installHint) {
        this.command = command;
        this.lockFiles = lockFiles;
        this.configFiles = configFiles;
        this.installHint = installHint;
    }

    /** The executable, which is also the {@code build_tool} name. */
    String command() {
        return command;
    }

    List<String> lockFiles() {
        return lockFiles;
    }

    String installHint() {
        return installHint;
    }

    static Optional<PackageManager> named(String name) {
        return Arrays.stream(values()).filter(manager -> manager.command.equals(name.toLowerCase(Locale.ROOT)))
                .findFirst();
    }

    /** The lock file of this manager present in {@code directory}, if any. */
    Optional<String> lockFileIn(Path directory) {
        return lockFiles.stream().filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst();
    }

    /** This manager's own configuration file in {@code directory}, e.g. {@code pnpm-workspace.yaml}, if any. */
    Optional<String> configFileIn(Path directory) {
        return configFiles.stream().filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst();
    }

    /** How an installed package's executable is run, e.g. {@code npx next} or {@code pnpm exec next}. */
    String exec(String executable) {
        return switch (this) {
            case NPM -> "npx " + executable;
            case YARN -> "yarn " + executable;
            case PNPM -> "pnpm exec " + executable;
            case BUN -> "bunx " + executable;
        };
    }

    /** How {@code scripts.start} is run, e.g. {@code npm start}. */
    String startCommand() {
        return this == BUN ? "bun run start" : command + " start";
    }

    /**
     * Installs the dependencies: exactly the locked versions when a lock file is present ({@code npm ci} and the
     * others' frozen-lockfile installs), else a plain install.
     */
    List<String> installCommand(Path directory, Optional<String> declaredVersion) {
        if (lockFileIn(directory).isEmpty()) {
            return List.of(command, "install");
        }
        return switch (this) {
            case NPM -> List.of("npm", "ci");
            case YARN -> isYarnBerry(directory, declaredVersion)
                    ? List.of("yarn", "install", "--immutable")
                    : List.of("yarn", "install", "--frozen-lockfile");
            case PNPM -> List.of("pnpm", "install", "--frozen-lockfile");
            case BUN -> List.of("bun", "install", "--frozen-lockfile");
        };
    }

    List<String> runScriptCommand(String script) {
        return List.of(command, "run", script);
    }

    /** Yarn 2+ replaced {@code --frozen-lockfile} by {@code --immutable}; it is configured by .yarnrc.yml. */
    private static boolean isYarnBerry(Path directory, Optional<String> declaredVersion) {
        boolean declaredModern = declaredVersion.map(version -> !version.startsWith("0.") && !version.startsWith("1."))
                .orElse(false);
        return declaredModern || Files.isRegularFile(directory.resolve(".yarnrc.yml"));
    }

    /** Splits a {@code packageManager} field such as {@code pnpm@8.15.0+sha256.abc} into manager and version. */
    static Optional<Declared> parseField(String field) {
        int at = field.indexOf('@');
        String name = at < 0 ? field : field.substring(0, at);
        Optional<String> version = at < 0 ? Optional.empty() : Optional.of(field.substring(at + 1));
        return named(name.trim()).map(manager -> new Declared(manager, version));
    }

    /** A manager named by package.json's {@code packageManager} field, with the version it pins. */
    record Declared(PackageManager manager, Optional<String> version) {
    }
}
