package dev.hivemind.analyzer.build.cache;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Tool versions asked of real scripts that count how often they are run, and the memo that spares asking again. */
class ToolchainTest {
    private static final ToolRequirement NODE = new ToolRequirement("node", "--version", "install node");

    @TempDir
    Path root;

    private Path bin;
    private Path asked;
    private Map<String, String> environment;
    /** A minute ahead, so the scripts written by the test count as settled. */
    private final Clock later = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(1));

    @BeforeEach
    void setUp() {
        bin = root.resolve("bin");
        asked = root.resolve("asked.log");
        environment = Map.of("PATH", bin.toString());
    }

    @Test
    void aToolAskedBeforeIsNotAskedAgain() throws IOException {
        tool(bin, "node", "v20.11.1", 0);
        ToolVersionMemo memo = new ToolVersionMemo(root.resolve("cache"), later);

        Map<ToolRequirement, String> first = Toolchain.versions(List.of(NODE), environment, memo);
        Map<ToolRequirement, String> second = Toolchain.versions(List.of(NODE), environment,
                new ToolVersionMemo(root.resolve("cache"), later));

        assertThat(first).containsEntry(NODE, "exit 0: v20.11.1");
        assertThat(second).isEqualTo(first);
        assertThat(timesAsked()).isEqualTo(1);
        assertThat(Files.readString(root.resolve("cache").resolve(ToolVersionMemo.FILE)))
                .contains(bin.resolve("node").toString()).contains("v20.11.1");
    }

    @Test
    void anUpgradedToolIsAskedAgainEvenWhenItsSizeStaysTheSame() throws IOException {
        tool(bin, "node", "v20.11.1", 0);
        ToolVersionMemo memo = new ToolVersionMemo(root.resolve("cache"), later);
        Toolchain.versions(List.of(NODE), environment, memo);

        tool(bin, "node", "v20.12.2", 0);
        Map<ToolRequirement, String> inPlace = Toolchain.versions(List.of(NODE), environment, memo);
        Path replacement = tool(root.resolve("new"), "node", "v22.11.0", 0);
        Files.move(replacement, bin.resolve("node"), StandardCopyOption.REPLACE_EXISTING);
        Map<ToolRequirement, String> replaced = Toolchain.versions(List.of(NODE), environment, memo);

        assertThat(inPlace).containsEntry(NODE, "exit 0: v20.12.2");
        assertThat(replaced).containsEntry(NODE, "exit 0: v22.11.0");
        assertThat(timesAsked()).isEqualTo(3);
    }

    @Test
    void aToolAskedInAnotherEnvironmentIsAskedAgain() throws IOException {
        tool(bin, "node", "v20.11.1", 0);
        ToolVersionMemo memo = new ToolVersionMemo(root.resolve("cache"), later);
        Toolchain.versions(List.of(NODE), environment, memo);

        Toolchain.versions(List.of(NODE), Map.of("PATH", bin.toString(), "PWD", "/elsewhere"), memo);
        Toolchain.versions(List.of(NODE), Map.of("PATH", bin.toString(), "GOTOOLCHAIN", "go1.23.1"), memo);

        assertThat(timesAsked()).isEqualTo(2);
    }

    @Test
    void justChangedToolsShimsAndFailuresAreAlwaysAsked() throws IOException {
        tool(bin, "node", "v20.11.1", 0);
        tool(bin, "npm", "broken", 3);
        Path shims = root.resolve(".pyenv/shims");
        tool(shims, "python3", "Python 3.12.1", 0);
        ToolRequirement npm = new ToolRequirement("npm", "--version", "install npm");
        ToolRequirement python = new ToolRequirement("python3", "--version", "install python3");
        Map<String, String> both = Map.of("PATH", shims + ":" + bin);

        for (int i = 0; i < 2; i++) {
            Toolchain.versions(List.of(NODE), environment, new ToolVersionMemo(root.resolve("now"), Clock.systemUTC()));
            assertThat(Toolchain.versions(List.of(npm, python), both, new ToolVersionMemo(root.resolve("cache"), later)))
                    .containsEntry(npm, "exit 3: broken").containsEntry(python, "exit 0: Python 3.12.1");
        }

        assertThat(timesAsked()).isEqualTo(6);
    }

    @Test
    void aToolNamedByItsAbsolutePathIsAskedWhereItIs() throws IOException {
        Path java = tool(root.resolve("jdk/bin"), "java", "openjdk version \"21.0.5\"", 0);
        ToolRequirement jdk = new ToolRequirement(java.toString(), "-version", "install a JDK");
        ToolRequirement missing = new ToolRequirement(root.resolve("jdk/bin/javac").toString(), "-version", "x");

        Map<ToolRequirement, String> versions = Toolchain.versions(List.of(jdk, missing), Map.of("PATH", ""),
                new ToolVersionMemo(root.resolve("cache"), later));

        assertThat(versions).containsEntry(jdk, "exit 0: openjdk version \"21.0.5\"")
                .containsEntry(missing, "not installed");
    }

    @Test
    void anUnreadableMemoIsIgnored() throws IOException {
        tool(bin, "node", "v20.11.1", 0);
        write(root, "cache/" + ToolVersionMemo.FILE, "{not json");

        Map<ToolRequirement, String> versions = Toolchain.versions(List.of(NODE), environment,
                new ToolVersionMemo(root.resolve("cache"), later));
        Toolchain.versions(List.of(NODE), environment, new ToolVersionMemo(root.resolve("cache"), later));

        assertThat(versions).containsEntry(NODE, "exit 0: v20.11.1");
        assertThat(timesAsked()).isEqualTo(1);
    }

    /** A script printing {@code version} and exiting {@code exit}, logging each run to {@link #asked}. */
    private Path tool(Path directory, String name, String version, int exit) throws IOException {
        Path script = write(directory, name, "#!/bin/sh\necho " + name + " >> '" + asked + "'\necho '" + version
                + "'\nexit " + exit + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return script;
    }

    private long timesAsked() throws IOException {
        return Files.exists(asked) ? Files.readAllLines(asked).size() : 0;
    }
}
