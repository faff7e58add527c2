package dev.hivemind.analyzer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the small app trees the tests analyze and build. */
public final class Fixtures {

    private Fixtures() {
    }

    /** Writes {@code content} to {@code directory/relative}, creating parent directories. */
    public static Path write(Path directory, String relative, String content) {
        try {
            Path file = directory.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A package.json holding the given JSON members, e.g. {@code "main": "app.js"}. */
    public static Path packageJson(Path directory, String members) {
        return write(directory, "package.json", "{\n  \"name\": \"fixture\",\n  \"version\": \"1.0.0\""
                + (members.isBlank() ? "" : ",\n  " + members) + "\n}\n");
    }

    /** A startable app: package.json with the given members plus a server.js. */
    public static Path app(Path directory, String members) {
        packageJson(directory, members);
        write(directory, "server.js", "require('http').createServer((q, s) => s.end('ok')).listen(process.env.PORT);\n");
        return directory;
    }
}
