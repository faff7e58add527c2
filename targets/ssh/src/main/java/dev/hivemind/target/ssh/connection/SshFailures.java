package dev.hivemind.target.ssh.connection;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.api.remote.SshHost;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.util.Optional;

/** Turns what MINA SSHD throws while connecting into HiveMind's errors, each naming the host and what to do. */
final class SshFailures {

    private SshFailures() {
    }

    static HiveMindException translate(SshHost host, Optional<HostTrust.Verdict> verdict, boolean noKeys,
            SshConnection.Credentials credentials, Exception failure) {
        if (failure instanceof HiveMindException known) {
            return known;
        }
        String context = "Connecting to " + host.display();
        if (verdict.orElse(null) instanceof HostTrust.Verdict.Changed changed) {
            return new InvalidInputException(Agent.PROVISIONER, "the host key of " + host.display() + " changed: it "
                    + "offered " + changed.fingerprint() + " but " + changed.file() + " line " + changed.line()
                    + " records " + changed.recordedFingerprint() + " (the server was reinstalled, or someone is "
                    + "intercepting the connection)", context, "Verify the new key with the server's administrator ("
                    + "ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub on the server); if it is right, remove the "
                    + "old one with: ssh-keygen -R '" + knownHostsName(host) + "' -f " + changed.file());
        }
        String message = rootMessage(failure);
        if (verdict.isPresent()) {
            // The key exchange passed: what failed is the login.
            return new InvalidInputException(Agent.PROVISIONER, "the login as " + host.user() + " on "
                    + host.address() + ":" + host.port() + " was refused (" + message + ")", context, noKeys
                    ? "No SSH key found in ~/.ssh (id_ed25519, id_ecdsa, id_rsa): give one with --ssh-key FILE"
                    : "Add your public key to ~" + host.user() + "/.ssh/authorized_keys on the host (ssh-copy-id "
                    + host.user() + "@" + host.address() + "), or give the right key with --ssh-key; tried "
                    + credentials.keyFiles());
        }
        String remedy = switch (rootCause(failure)) {
            case UnknownHostException e -> "Check the host name " + host.host() + " (it does not resolve)";
            case ConnectException e -> "Check that sshd runs on " + host.address() + " and listens on port "
                    + host.port();
            case NoRouteToHostException e -> "Check the address " + host.address() + " and the network route to it";
            default -> "Check that " + host.address() + " is up and that port " + host.port()
                    + " is reachable from here (a firewall may drop it)";
        };
        return new NetworkException(Agent.PROVISIONER, host.display() + " is unreachable: " + message, context,
                remedy, failure);
    }

    static String knownHostsName(SshHost host) {
        return host.port() == SshHost.DEFAULT_PORT ? host.host() : "[" + host.host() + "]:" + host.port();
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = rootCause(failure);
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        return message.lines().findFirst().orElse(message);
    }
}
