package dev.hivemind.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;

/** Small Node.js apps written by tests for the cases the examples do not cover. */
final class TestApps {
    private TestApps() {
    }

    /**
     * A directory under {@code parent} that the apps under test may read and write, for the files a test signals them
     * through: as root the agent runs each app as its own user, to whom the test's private temporary directories are
     * closed. Its ancestors get search for others where they lack it (a test's temporary directory is 0700).
     */
    static Path sharedWithApps(Path parent, String name) throws IOException {
        Path directory = Files.createDirectories(parent.resolve(name));
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwxrwxrwx"));
        for (Path up = parent.toAbsolutePath(); up != null && up.getParent() != null; up = up.getParent()) {
            var permissions = Files.getPosixFilePermissions(up);
            if (permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                break;
            }
            permissions.add(PosixFilePermission.OTHERS_EXECUTE);
            Files.setPosixFilePermissions(up, permissions);
        }
        return directory;
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

    /**
     * An app that starts listening START_DELAY_MS after it starts (default 0), then answers {@code /health} with "ok"
     * and everything else with "hello APP_VERSION".
     */
    static Path slowStarting(Path parent, String name) throws IOException {
        Path app = Files.createDirectories(parent.resolve(name));
        Files.writeString(app.resolve("package.json"), """
                {"name": "%s", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """.formatted(name));
        Files.writeString(app.resolve("server.js"), """
                const version = process.env.APP_VERSION || 'v1';
                const server = require('http').createServer((req, res) =>
                  res.end(req.url === '/health' ? 'ok' : 'hello ' + version));
                setTimeout(() => server.listen(Number(process.env.PORT), process.env.HOST),
                  Number(process.env.START_DELAY_MS || 0));
                process.on('SIGTERM', () => server.close(() => process.exit(0)));
                """);
        return app;
    }

    /**
     * An app for rollouts: {@code /} answers "hello APP_VERSION", except every FAIL_EVERY-th request, which gets a 500
     * "injected failure APP_VERSION"; {@code /health} answers 200 unless the instance's slot is beyond
     * HEALTHY_INSTANCES: each instance takes the lowest free slot in SLOT_DIR when it starts.
     */
    static Path rollout(Path parent, String name, String yaml) throws IOException {
        Path app = Files.createDirectories(parent.resolve(name));
        Files.writeString(app.resolve("package.json"), """
                {"name": "%s", "version": "1.0.0", "scripts": {"start": "node server.js"}}
                """.formatted(name));
        Files.writeString(app.resolve("server.js"), """
                const fs = require('fs');
                const version = process.env.APP_VERSION || 'v1';
                const failEvery = Number(process.env.FAIL_EVERY || 0);
                let slot = 0;
                if (process.env.SLOT_DIR) {
                  for (slot = 1; ; slot++) {
                    try { fs.mkdirSync(process.env.SLOT_DIR + '/' + slot, {recursive: false}); break; } catch (e) {}
                  }
                }
                const healthy = !process.env.HEALTHY_INSTANCES || slot <= Number(process.env.HEALTHY_INSTANCES);
                let count = 0;
                const server = require('http').createServer((req, res) => {
                  if (req.url === '/health') {
                    res.writeHead(healthy ? 200 : 503);
                    res.end(healthy ? 'ok' : 'not ready');
                    return;
                  }
                  count++;
                  if (failEvery > 0 && count % failEvery === 0) {
                    res.writeHead(500);
                    res.end('injected failure ' + version);
                    return;
                  }
                  res.end('hello ' + version);
                }).listen(Number(process.env.PORT), process.env.HOST);
                process.on('SIGTERM', () => server.close(() => process.exit(0)));
                """);
        Files.writeString(app.resolve("hivemind.yaml"), yaml);
        return app;
    }
}
