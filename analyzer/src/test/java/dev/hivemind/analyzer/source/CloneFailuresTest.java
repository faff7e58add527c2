package dev.hivemind.analyzer.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.error.RetryCategory;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import org.eclipse.jgit.api.errors.InvalidRemoteException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RemoteRepositoryException;
import org.eclipse.jgit.transport.URIish;
import org.junit.jupiter.api.Test;

class CloneFailuresTest {
    private static final String URL = "https://git.example.com/team/app.git";

    @Test
    void aRefusedConnectionIsARetryableNetworkError() {
        Exception failure = new TransportException(URL + ": connection failed",
                new org.eclipse.jgit.errors.TransportException(URL + ": connection failed",
                        new ConnectException("Connection refused")));

        HiveMindException error = CloneFailures.classify(URL, failure);

        assertThat(error).isInstanceOf(NetworkException.class);
        assertThat(error.retryCategory()).isEqualTo(RetryCategory.NETWORK);
        assertThat(error.agent()).isEqualTo(Agent.COMPILER);
        assertThat(error.getMessage()).isEqualTo("cannot reach the git repository " + URL + ": Connection refused");
        assertThat(error.context()).isEqualTo("Cloning " + URL);
        assertThat(error.remediation()).contains("reachable");
        assertThat(error.getCause()).isSameAs(failure);
    }

    @Test
    void anUnknownHostOrATimeoutIsANetworkError() {
        assertThat(CloneFailures.classify(URL, new TransportException("x", new UnknownHostException("git.example.com"))))
                .isInstanceOf(NetworkException.class);
        assertThat(CloneFailures.classify(URL, new TransportException("x", new SocketTimeoutException("Read timed out"))))
                .isInstanceOf(NetworkException.class);
        assertThat(CloneFailures.classify(URL, new TransportException("git://h/x.git: unknown host")))
                .isInstanceOf(NetworkException.class);
        assertThat(CloneFailures.classify("ssh://git@nowhere.invalid/x.git", new TransportException("x",
                new UnresolvedAddressException()))).isInstanceOf(NetworkException.class)
                .hasMessageStartingWith("cannot reach the git repository ssh://git@nowhere.invalid/x.git");
    }

    @Test
    void anSshConnectionFailureIsANetworkErrorThoughJGitCallsTheRepositoryMissing() throws URISyntaxException {
        String url = "ssh://git@127.0.0.1:1/x.git";
        Exception failure = new InvalidRemoteException("Invalid remote: origin", new NoRemoteRepositoryException(
                new URIish(url), "ssh: connect to host 127.0.0.1 port 1: Connection refused"));

        assertThat(CloneFailures.classify(url, failure)).isInstanceOf(NetworkException.class);
    }

    @Test
    void aMissingRepositoryIsInvalidInput() throws URISyntaxException {
        Exception failure = new InvalidRemoteException("Invalid remote: origin",
                new NoRemoteRepositoryException(new URIish("file:///srv/nope.git"), "not found."));

        HiveMindException error = CloneFailures.classify("file:///srv/nope.git", failure);

        assertThat(error).isInstanceOf(InvalidInputException.class);
        assertThat(error.retryCategory()).isEqualTo(RetryCategory.NONE);
        assertThat(error.getMessage()).isEqualTo("there is no git repository at file:///srv/nope.git: "
                + "file:///srv/nope.git: not found.");
        assertThat(error.remediation()).startsWith("Check the URL");
    }

    @Test
    void aRepositoryTheGitDaemonDoesNotExportIsInvalidInput() throws URISyntaxException {
        String url = "git://127.0.0.1:9418/missing.git";
        Exception failure = new TransportException(url + ": access denied or repository not exported: /missing.git",
                new RemoteRepositoryException(new URIish(url),
                        "access denied or repository not exported: /missing.git"));

        assertThat(CloneFailures.classify(url, failure)).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("there is no git repository at " + url);
    }

    @Test
    void aRepositoryThatAsksForCredentialsIsInvalidInput() {
        Exception failure = new TransportException(URL + ": Authentication is required but no CredentialsProvider "
                + "has been registered");

        HiveMindException error = CloneFailures.classify(URL, failure);

        assertThat(error).isInstanceOf(InvalidInputException.class)
                .hasMessageStartingWith("the git repository " + URL + " refused access or does not exist");
        assertThat(error.remediation()).contains("private repository");
    }

    @Test
    void anyOtherTransportFailureIsRetried() {
        assertThat(CloneFailures.classify(URL, new TransportException(URL + ": premature end of pack")))
                .isInstanceOf(NetworkException.class)
                .hasMessage("cloning " + URL + " failed: " + URL + ": premature end of pack");
    }
}
