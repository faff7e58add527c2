package dev.hivemind.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.RetryCategory;
import java.net.ConnectException;
import java.nio.file.Path;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;
import org.eclipse.jgit.api.errors.TransportException;
import org.junit.jupiter.api.Test;

class SshFailuresTest {
    private static final String URL = "ssh://git@git.example.com/team/app.git";
    private static final SshHome HOME = new SshHome(Path.of("/home/dev"));

    @Test
    void aServerThatAcceptsNoKeyIsInvalidInputListingTheKeysTried() {
        Exception failure = new TransportException(URL + ": Cannot log in at git.example.com:22\n"
                + "publickey: server refused ssh-ed25519 key ~/.ssh/id_ed25519\npublickey: no more keys to try",
                new SshException(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "No more authentication methods available"));

        InvalidInputException error = SshFailures.loginRefused(URL, failure, HOME).orElseThrow();

        assertThat(error.getMessage()).isEqualTo("the SSH server of " + URL + " accepted none of the keys this "
                + "machine offered: publickey: server refused ssh-ed25519 key ~/.ssh/id_ed25519; publickey: no more "
                + "keys to try");
        assertThat(error.remediation()).contains("/home/dev/.ssh", "deploy key", "IdentityFile in /home/dev/.ssh/config",
                "GIT_SSH=ssh");
        assertThat(error.context()).isEqualTo("Cloning " + URL);
        assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
        assertThat(error.getCause()).isSameAs(failure);
    }

    @Test
    void fallsBackToTheSshMessageWhenJGitListsNoKeys() {
        Exception failure = new TransportException(URL + ": Cannot log in",
                new SshException(SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE,
                        "No more authentication methods available"));

        assertThat(SshFailures.loginRefused(URL, failure, HOME)).hasValueSatisfying(error ->
                assertThat(error.getMessage()).endsWith("offered: No more authentication methods available"));
    }

    @Test
    void leavesOtherFailuresAlone() {
        Exception hostKey = new TransportException(URL + ": Server key did not validate",
                new SshException(SshConstants.SSH2_DISCONNECT_HOST_KEY_NOT_VERIFIABLE, "Server key did not validate"));
        Exception refused = new TransportException(URL + ": Connection refused",
                new SshException("connect failed", new ConnectException("Connection refused")));

        assertThat(SshFailures.loginRefused(URL, hostKey, HOME)).isEmpty();
        assertThat(SshFailures.loginRefused(URL, refused, HOME)).isEmpty();
    }
}
