package dev.hivemind.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.RetryCategory;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostKeyRejectionTest {
    private static final String URL = "git@github.com:team/app.git";
    private static final Path KNOWN_HOSTS = Path.of("/home/dev/.ssh/known_hosts");

    @Test
    void tellsAChangedKeyFromAnUnknownAndARevokedOne() throws GeneralSecurityException {
        PublicKey sent = key();
        PublicKey other = key();

        assertThat(HostKeyRejection.of("github.com", sent, List.of(), KNOWN_HOSTS).reason())
                .isEqualTo(HostKeyRejection.Reason.UNKNOWN);
        assertThat(HostKeyRejection.of("github.com", sent, List.of(other), KNOWN_HOSTS).reason())
                .isEqualTo(HostKeyRejection.Reason.CHANGED);
        assertThat(HostKeyRejection.of("github.com", sent, List.of(other, sent), KNOWN_HOSTS).reason())
                .isEqualTo(HostKeyRejection.Reason.REVOKED);
    }

    @Test
    void namesTheKeyTheServerSentAsSshKeygenWould() throws GeneralSecurityException {
        HostKeyRejection rejection = HostKeyRejection.of("github.com", key(), List.of(key()), KNOWN_HOSTS);

        assertThat(rejection.keyType()).isEqualTo("ecdsa-sha2-nistp256");
        assertThat(rejection.fingerprint()).matches("SHA256:[A-Za-z0-9+/]{43}");
    }

    @Test
    void aChangedKeyIsInvalidInputThatSaysHowToReplaceTheRecordedOne() {
        HostKeyRejection rejection = new HostKeyRejection("[10.0.0.5]:2222", "ssh-ed25519", "SHA256:abc",
                HostKeyRejection.Reason.CHANGED, KNOWN_HOSTS);
        Exception cause = new IllegalStateException("Server key did not validate");

        InvalidInputException error = rejection.toException(URL, cause);

        assertThat(error.getMessage()).isEqualTo("the SSH host key of [10.0.0.5]:2222 has changed: the server sent "
                + "the ssh-ed25519 key SHA256:abc, but /home/dev/.ssh/known_hosts records a different key for "
                + "[10.0.0.5]:2222");
        assertThat(error.remediation()).startsWith("Someone may be intercepting the connection")
                .contains("`ssh-keygen -R '[10.0.0.5]:2222' -f /home/dev/.ssh/known_hosts`");
        assertThat(error.context()).isEqualTo("Cloning " + URL);
        assertThat(error.agent()).isEqualTo(Agent.COMPILER);
        assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
        assertThat(error.getCause()).isSameAs(cause);
    }

    @Test
    void anUnknownOrRevokedKeySaysWhyItWasRefused() {
        assertThat(new HostKeyRejection("github.com", "ssh-ed25519", "SHA256:abc", HostKeyRejection.Reason.UNKNOWN,
                KNOWN_HOSTS).toException(URL, null)).hasMessage("the SSH host key of github.com (ssh-ed25519 key "
                + "SHA256:abc) is not in /home/dev/.ssh/known_hosts and the ssh config sets StrictHostKeyChecking yes");
        assertThat(new HostKeyRejection("github.com", "ssh-ed25519", "SHA256:abc", HostKeyRejection.Reason.REVOKED,
                KNOWN_HOSTS).toException(URL, null)).hasMessage("the SSH host key of github.com (ssh-ed25519 key "
                + "SHA256:abc) is marked @revoked in /home/dev/.ssh/known_hosts");
    }

    private static PublicKey key() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair().getPublic();
    }
}
