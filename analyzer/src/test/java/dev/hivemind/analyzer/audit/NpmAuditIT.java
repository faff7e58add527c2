package dev.hivemind.analyzer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real {@code npm audit} on examples/node-express's lock file. Needs the npm registry (this machine and CI reach
 * it). A registry or proxy that refuses the audit endpoint (some mirrors answer 405 to its POST) gives a skip that
 * quotes npm's own message; either way the run ends within the timeout and never throws.
 */
class NpmAuditIT {
    private static final Path EXAMPLE = Path.of("..", "examples", "node-express");

    @TempDir
    Path directory;

    @Test
    void auditsTheExampleLockFileOrSaysWhyNot() throws IOException {
        for (String name : new String[] {"package.json", "package-lock.json"}) {
            Files.copy(EXAMPLE.resolve(name), directory.resolve(name));
        }

        NpmAudit.Outcome outcome = NpmAudit.run(directory, System.getenv("PATH"), Duration.ofSeconds(60));

        switch (outcome) {
            case NpmAudit.Summary summary -> {
                assertThat(summary.dependencies()).isGreaterThan(50);
                assertThat(summary.counts()).containsOnlyKeys(NpmAudit.SEVERITIES);
            }
            case NpmAudit.Skipped skipped -> assertThat(skipped.reason())
                    .startsWith("npm audit failed: ").doesNotEndWith("no vulnerability summary");
        }
        assertThat(directory.resolve("node_modules")).doesNotExist();
    }
}
