package dev.hivemind.analyzer.build.cache;

import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.ArtifactBuilder.BuildRequest;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What identifies a build, as a SHA-256: the source (its git revision and app directory, or else a digest of the
 * app's files), its lock files, the versions of the toolchain on this machine, and the stack fields that shape the
 * build (language, build tool, runtime version, start and build commands). Equal keys build equal artifacts.
 *
 * @param value 64 hex digits
 * @param basis how the source was identified, e.g. {@code revision 3f2a…:.} or {@code files}, for the progress line
 */
record BuildCacheKey(String value, String basis) {
    /** Lock and project files that pin dependencies, matched by name in the app directory. */
    static final List<String> LOCK_FILES = List.of("package-lock.json", "npm-shrinkwrap.json", "yarn.lock",
            "pnpm-lock.yaml", "bun.lock", "bun.lockb", "poetry.lock", "Pipfile.lock", "uv.lock", "go.sum", "pom.xml",
            "gradle.lockfile");
    // 2: artifact checksums hash each file on its own, so entries checked with the first format are misses
    private static final String VERSION = "hivemind build cache 2";

    BuildCacheKey {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(basis, "basis");
    }

    /** The first 12 digits, as progress lines show it. */
    String shortValue() {
        return value.substring(0, 12);
    }

    /**
     * @param toolchain each tool the stack needs and what its version command printed
     */
    static BuildCacheKey of(BuildRequest request, Map<ToolRequirement, String> toolchain) {
        Path source = request.source().toAbsolutePath().normalize();
        TechStack stack = request.stack();
        SourceDigest digest = new SourceDigest().field(VERSION).field(stack.language()).field(stack.buildTool())
                .field(stack.runtimeVersion()).field(stack.startCommand()).field(stack.buildCommand().orElse(""));
        String basis = request.origin().revision().map(revision -> "revision " + revision).orElse("files");
        digest.field(request.origin().revision().map(revision -> "revision:" + revision)
                .orElseGet(() -> "files:" + SourceDigest.ofDirectory(source)));
        for (Path lock : lockFiles(source)) {
            digest.field("lock:" + lock.getFileName()).field(SourceDigest.ofFile(lock));
        }
        toolchain.entrySet().stream().sorted(Map.Entry.comparingByKey(
                (one, other) -> one.command().compareTo(other.command())))
                .forEach(tool -> digest.field("tool:" + tool.getKey().command()).field(tool.getValue()));
        return new BuildCacheKey(digest.hex(), basis);
    }

    static List<Path> lockFiles(Path source) {
        return ProjectFiles.find(source, 0, 100, file -> isLockFile(file.getFileName().toString()));
    }

    static boolean isLockFile(String name) {
        return LOCK_FILES.contains(name) || (name.startsWith("requirements") && name.endsWith(".txt"))
                || name.startsWith("build.gradle");
    }
}
