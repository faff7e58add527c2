package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostImageTest {

    @Test
    void theScriptIsFoundFromAModuleDirectoryBelowTheCheckout(@TempDir Path checkout) throws IOException {
        Path script = Files.createDirectories(checkout.resolve("scripts")).resolve("test-hosts-image");
        Files.writeString(script, "#!/bin/sh\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        Path module = Files.createDirectories(checkout.resolve("targets/ssh"));

        assertThat(HostImage.script(module)).isEqualTo(script);
    }

    @Test
    void outsideACheckoutTheErrorSaysWhatIsMissing(@TempDir Path elsewhere) {
        assertThatThrownBy(() -> HostImage.script(elsewhere))
                .hasMessageContaining("no executable scripts/test-hosts-image in " + elsewhere);
    }

    @Test
    void alicesPasswordIsTheOneTheImageSets() throws IOException {
        String script = Files.readString(HostImage.script(Path.of("").toAbsolutePath()));

        assertThat(script).contains("\nreadonly ALICE_PASSWORD=" + TestHost.ALICE_PASSWORD + "\n");
    }
}
