package dev.hivemind.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The processes whose working directory is inside a directory: an app's instances run in their release's. */
final class AppProcesses {
    private AppProcesses() {
    }

    static List<String> under(Path directory) {
        return ProcessHandle.allProcesses()
                .filter(process -> workingDirectory(process.pid()).startsWith(directory.toString()))
                .map(process -> process.pid() + " " + process.info().commandLine().orElse("?"))
                .toList();
    }

    private static String workingDirectory(long pid) {
        try {
            return Files.readSymbolicLink(Path.of("/proc", String.valueOf(pid), "cwd")).toString();
        } catch (IOException | UnsupportedOperationException e) {
            return "";
        }
    }
}
