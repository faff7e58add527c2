package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeysTest {

    @Test
    void theFingerprintIsTheOneSshKeygenShows(@TempDir Path directory) throws IOException {
        Path key = directory.resolve("key");
        Commands.check("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "a comment", "-f", key.toString());
        String publicKey = Files.readString(directory.resolve("key.pub"));

        String shown = Commands.check("ssh-keygen", "-l", "-E", "sha256", "-f", key + ".pub").split(" ")[1];

        assertThat(HostKeys.fingerprint(publicKey)).isEqualTo(shown).startsWith("SHA256:").doesNotEndWith("=");
    }

    @Test
    void aLineThatIsNoKeyIsRefused() {
        assertThatThrownBy(() -> HostKeys.fingerprint("ssh-ed25519")).hasMessageContaining("not an OpenSSH public key");
    }
}
