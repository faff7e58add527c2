package dev.hivemind.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small Node.js apps written by tests for the cases the examples do not cover. */
final class TestApps {
    private TestApps() {
    }

    /** An app whose build script takes {@code buildSeconds}, answering every request with "slow build done". */
    static Path slowBuilding(Path parent, String name, int buildSeconds) throws IOException {
        Path app = Files.createDirectories(parent.resolve(name));
        Files.writeString(app.resolve("package.json"), """
                {"name": "%s", "version": "1.0.0",
                 "scripts": {"build": "node -e \\"setTimeout(() => console.log('built'), %d)\\"",
                             "start": "node server.js"}}
                """.formatted(name, buildSeconds * 1000));
        Files.writeString(app.resolve("server.js"), """
                require('http').createServer((req, res) => res.end('slow build done\\n'))
                  .listen(Number(process.env.PORT), process.env.HOST);
                """);
        return app;
    }
}
