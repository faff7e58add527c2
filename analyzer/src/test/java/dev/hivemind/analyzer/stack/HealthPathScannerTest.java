package dev.hivemind.analyzer.stack;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class HealthPathScannerTest {

    @TempDir
    Path dir;

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "app.get('/health', (req, res) => res.send('ok'))                      | /health",
        "router.get(\"/healthz\", handler)                                       | /healthz",
        "fastify.get(`/up`, async () => ({}))                                   | /up",
        "app.use('/api/health', health)                                         | /api/health",
        "server.route({ method: 'GET', path: '/health', handler })              | /health",
        "fastify.route({ method: 'GET', url: '/ready', handler })              | /ready",
        "if (req.url === '/health') { res.end('ok') }                           | /health",
        "if (pathname == \"/healthz\") return ok()                              | /healthz",
        "const path = new URL(req.url, base).pathname; if (path === '/up') {}   | /up",
        "if ('/health' === req.url) {}                                          | /health",
        "switch (req.url) { case '/ping': return pong(); }                      | /ping",
        "@Controller('health') export class HealthController {}                 | /health",
        "@Get('healthz/') check() {}                                            | /healthz",
        "app.get('/Health', ok)                                                 | /Health"})
    void findsTheDeclaredHealthPath(String code, String path) {
        assertThat(HealthPathScanner.firstDeclaration(code)).map(HealthPathScanner.Match::path).contains(path);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
        "app.get('/', home); app.get('/users', users)",
        "fetch('/health/check/details')",
        "const healthy = true; app.post('/api/users', create)",
        "console.log('/health is served elsewhere')",
        "app.get('/healthcare', page)"})
    void ignoresWhatIsNotAHealthRoute(String code) {
        assertThat(HealthPathScanner.firstDeclaration(code)).isEmpty();
    }

    @Test
    void takesTheEarliestDeclarationInAFile() {
        String code = "if (url === '/up') {}\napp.get('/health', ok);\n";

        assertThat(HealthPathScanner.firstDeclaration(code)).map(HealthPathScanner.Match::path).contains("/up");
    }

    @Test
    void readsTheEntryFileBeforeTheOthers() {
        write(dir, "a.js", "app.get('/healthz', ok);\n");
        Path entry = write(dir, "z.js", "\n\napp.get('/health', ok);\n");

        Optional<Finding> found = HealthPathScanner.scan(dir, Optional.of(entry));

        assertThat(found).contains(new Finding("/health", "health_check_path /health from z.js line 3"));
    }

    @Test
    void looksOneDirectoryDownButNeverIntoDependenciesOrOutputs() {
        write(dir, "node_modules/express/index.js", "app.get('/health', ok)\n");
        write(dir, "dist/server.js", "app.get('/health', ok)\n");
        write(dir, "build/server.js", "app.get('/health', ok)\n");
        write(dir, ".git/hooks/x.js", "app.get('/health', ok)\n");
        write(dir, "test/server.test.js", "app.get('/health', ok)\n");
        write(dir, "src/deep/routes.js", "app.get('/health', ok)\n");
        write(dir, "server.spec.ts", "app.get('/health', ok)\n");

        assertThat(HealthPathScanner.scan(dir, Optional.empty())).isEmpty();

        write(dir, "src/routes.ts", "router.get('/livez', ok)\n");
        assertThat(HealthPathScanner.scan(dir, Optional.empty())).map(Finding::value).contains("/livez");
    }

    @Test
    void skipsFilesLargerThanTheCap() {
        write(dir, "bundle.js", "x".repeat((int) HealthPathScanner.MAX_FILE_BYTES) + "\napp.get('/health', ok)\n");

        assertThat(HealthPathScanner.scan(dir, Optional.empty())).isEmpty();
    }

    @Test
    void readsAtMostTheCappedNumberOfFiles() {
        for (int i = 0; i < HealthPathScanner.MAX_FILES + 5; i++) {
            write(dir, String.format("f%03d.js", i), "// nothing\n");
        }
        write(dir, "zz.js", "app.get('/health', ok)\n");

        assertThat(HealthPathScanner.candidates(dir, Optional.empty())).hasSize(HealthPathScanner.MAX_FILES);
        assertThat(HealthPathScanner.scan(dir, Optional.empty())).isEmpty();
    }
}
