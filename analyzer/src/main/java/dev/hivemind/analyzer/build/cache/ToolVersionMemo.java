package dev.hivemind.analyzer.build.cache;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.StreamSupport;

/**
 * What tools' version commands printed, remembered in a file under the build cache ({@value #FILE}), so that a cache
 * hit need not start node to learn npm's version. An answer is reused only for the same executable file and the same
 * question: its real path, size, modification time, change time, device and inode, the version argument, and the
 * environment it is asked in (shell bookkeeping such as {@code PWD} aside). A tool upgraded in place or replaced by
 * a package manager changes at least its change time or inode, so it is asked again. Version managers' shims (a
 * {@code shims} directory, corepack, volta, mise) choose a version from files elsewhere, so they are always asked.
 * A file changed in the last {@link #SETTLE} is not remembered, as Git treats "racy" index entries: the file system's
 * timestamps are coarse, so a second change within the same tick could leave every attribute as it was. Only
 * answers of a successful run (exit 0) are kept; the file holds at most {@value #MAX_ANSWERS}, newest first.
 * The memo only saves time: an unreadable file is ignored and a failed write is only logged.
 */
final class ToolVersionMemo {
    static final String FILE = "tool-versions.json";
    static final int MAX_ANSWERS = 64;
    private static final Set<String> SHIM_MARKERS = Set.of("shims", "corepack", ".volta", "volta-shim", "mise");
    private static final Set<String> BOOKKEEPING = Set.of("PWD", "OLDPWD", "SHLVL", "_");
    private static final System.Logger LOG = System.getLogger(ToolVersionMemo.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .enable(SerializationFeature.INDENT_OUTPUT);

    /** How long ago an executable must have last changed for its answer to be remembered. */
    static final Duration SETTLE = Duration.ofSeconds(2);

    private final Path file;
    private final Clock clock;

    /** A memo kept in {@code directory/}{@value #FILE}; {@code clock} tells a file that has just changed. */
    ToolVersionMemo(Path directory, Clock clock) {
        this.file = directory.resolve(FILE);
        this.clock = clock;
    }

    /**
     * One remembered answer.
     *
     * @param fingerprint what identifies the question (see {@link #fingerprint})
     * @param executable  the tool's real path, for whoever reads the file
     * @param version     what its version command printed
     */
    record Answer(String fingerprint, String executable, String version) {
        Answer {
            Objects.requireNonNull(fingerprint, "fingerprint");
            Objects.requireNonNull(executable, "executable");
            Objects.requireNonNull(version, "version");
        }
    }

    /**
     * What identifies asking {@code executable} for its version, or empty when the answer must not be remembered
     * (a version manager's shim, a file changed within {@link #SETTLE}, or a file system that cannot tell a replaced
     * file).
     */
    Optional<Fingerprint> fingerprint(ToolRequirement tool, Path executable, Map<String, String> environment) {
        try {
            Path real = executable.toRealPath();
            if (isShim(executable) || isShim(real)) {
                return Optional.empty();
            }
            Map<String, Object> file = Files.readAttributes(real, "unix:size,lastModifiedTime,ctime,dev,ino");
            if (((FileTime) file.get("ctime")).toInstant().isAfter(clock.instant().minus(SETTLE))) {
                return Optional.empty();
            }
            SourceDigest digest = new SourceDigest().field(tool.command()).field(tool.versionArgument())
                    .field(real.toString());
            for (String attribute : List.of("size", "lastModifiedTime", "ctime", "dev", "ino")) {
                digest.field(attribute + "=" + file.get(attribute));
            }
            environment.entrySet().stream().filter(variable -> !BOOKKEEPING.contains(variable.getKey()))
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(variable -> digest.field(variable.getKey()).field(variable.getValue()));
            return Optional.of(new Fingerprint(digest.hex(), real));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException cannotTell) {
            return Optional.empty();
        }
    }

    /**
     * @param value 64 hex digits
     * @param real  the executable's real path
     */
    record Fingerprint(String value, Path real) {
    }

    private static boolean isShim(Path path) {
        return StreamSupport.stream(path.spliterator(), false)
                .anyMatch(name -> SHIM_MARKERS.contains(name.toString()));
    }

    /** What was remembered for {@code fingerprint}. */
    Optional<String> version(Fingerprint fingerprint) {
        return answers().stream().filter(answer -> answer.fingerprint().equals(fingerprint.value()))
                .map(Answer::version).findFirst();
    }

    /** Remembers {@code version} for {@code fingerprint}, first, dropping the oldest answers beyond the limit. */
    void remember(Fingerprint fingerprint, String version) {
        List<Answer> answers = new ArrayList<>();
        answers.add(new Answer(fingerprint.value(), fingerprint.real().toString(), version));
        answers().stream().filter(answer -> !answer.fingerprint().equals(fingerprint.value()))
                .limit(MAX_ANSWERS - 1).forEach(answers::add);
        try {
            PrivateFiles.directory(file.getParent());
            PrivateFiles.writeAtomically(file, JSON.writeValueAsBytes(answers), false);
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot write the tool version memo " + file, e);
        }
    }

    private List<Answer> answers() {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            return JSON.readValue(file.toFile(), new TypeReference<List<Answer>>() { });
        } catch (IOException unreadable) {
            LOG.log(System.Logger.Level.WARNING, "ignoring the unreadable tool version memo " + file, unreadable);
            return List.of();
        }
    }
}
