package dev.hivemind.analyzer.stack.java;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

/** JDK directories as JavaInstallations reads them (a release file, bin/java, bin/javac), never run. */
final class FakeJdks {

    private FakeJdks() {
    }

    /** A JDK home under {@code parent} whose release file says {@code version}. */
    static Path jdk(Path parent, String name, String version) {
        return home(parent, name, version, true);
    }

    /** A runtime without javac, which cannot build. */
    static Path jre(Path parent, String name, String version) {
        return home(parent, name, version, false);
    }

    /** The JDKs found in {@code jvms} only, as if there were no JAVA_HOME and no java on the PATH. */
    static JavaInstallations only(Path jvms) {
        return new JavaInstallations(Map.of(), List.of(jvms));
    }

    private static Path home(Path parent, String name, String version, boolean javac) {
        try {
            Path home = Files.createDirectories(parent.resolve(name).resolve("bin"));
            executable(home.resolve("java"));
            if (javac) {
                executable(home.resolve("javac"));
            }
            Files.writeString(home.resolveSibling("release"), "IMPLEMENTOR=\"Fake\"\nJAVA_VERSION=\"" + version
                    + "\"\nJAVA_RUNTIME_VERSION=\"" + version + "+1\"\n");
            return home.getParent();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void executable(Path file) throws IOException {
        Files.writeString(file, "#!/bin/sh\nexit 0\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
}
