package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.rollout.ResourceLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransientServiceTest {
    private static final AppUser USER = new AppUser("hm-web-0a1b2c", 997, 996);
    private static final List<String> SHELL = List.of("/bin/sh", "-c", "umask 022; node server.js");
    @TempDir
    Path temp;

    @Test
    void everyValueComesThroughTheEnvironmentFileAsItIs() {
        String file = TransientService.environmentFile(Map.of("PLAIN", "hello", "TRICKY",
                "a \"quoted\" $HOME `cmd` back\\slash\nsecond line"));

        assertThat(file).isEqualTo("PLAIN=\"hello\"\nTRICKY=\"a \\\"quoted\\\" \\$HOME \\`cmd\\` back\\\\slash\n"
                + "second line\"\n");
    }

    @Test
    void aUnitIsNamedByTheAppsUserTheReleaseAndTheReplica() {
        assertThat(TransientService.unitOf("hm-web-0a1b2c", "20261207-173920-370-x/y z", 2))
                .isEqualTo("hm-web-0a1b2c-20261207-173920-370-x_y_z-2.service");
    }

    @Test
    void theUnitRunsTheShellAsTheAppsUserSandboxedWithItsLimitsAndItsEnvironmentOnlyInARootFile()
            throws IOException {
        Path environment = temp.resolve("units/hm-web-0a1b2c-r1-1.service.env");
        TransientService service = new TransientService("hm-web-0a1b2c-r1-1.service", environment,
                new ResourceLimits(256L << 20, 64), true, Duration.ofSeconds(5));

        List<String> command = service.command(SHELL, USER, Path.of("/srv/web/r1"), Map.of("SECRET", "s3cr3t"),
                Optional.of(Path.of("/run/netns/hm-3")));

        assertThat(command).startsWith("systemd-run", "--quiet", "--wait", "--pipe", "--collect")
                .contains("--unit=hm-web-0a1b2c-r1-1.service").endsWith(SHELL.toArray(String[]::new));
        assertThat(properties(command)).contains("User=997", "Group=996", "WorkingDirectory=/srv/web/r1",
                "ReadWritePaths=/srv/web/r1", "EnvironmentFile=" + environment, "MemoryMax=268435456",
                "TasksMax=64", "TimeoutStopSec=5000ms", "NetworkNamespacePath=/run/netns/hm-3",
                "NoNewPrivileges=yes", "ProtectSystem=strict", "PrivateTmp=yes")
                .noneMatch(property -> property.startsWith("LimitDATA") || property.startsWith("LimitNPROC"));
        assertThat(String.join(" ", command)).doesNotContain("s3cr3t");
        assertThat(Files.readString(environment)).isEqualTo("SECRET=\"s3cr3t\"\n");
        assertThat(PrivateFiles.mode(environment)).isEqualTo("rw-------");
    }

    @Test
    void whereTheCgroupsCannotEnforceTheLimitsTheUnitAddsRlimits() throws IOException {
        TransientService service = new TransientService("u.service", temp.resolve("u.env"),
                new ResourceLimits(256L << 20, 64), false, Duration.ofSeconds(5));

        List<String> command = service.command(SHELL, USER, temp, Map.of(), Optional.empty());

        assertThat(properties(command)).contains("MemoryMax=268435456", "LimitDATA=268435456", "LimitNPROC=64")
                .noneMatch(property -> property.startsWith("NetworkNamespacePath"));
    }

    private static List<String> properties(List<String> command) {
        List<String> found = new java.util.ArrayList<>();
        for (int i = 0; i < command.size() - 1; i++) {
            if (command.get(i).equals("--property")) {
                found.add(command.get(i + 1));
            }
        }
        return found;
    }
}
