package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.testing.hosts.ExecResult;
import dev.hivemind.testing.hosts.TestHost;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

/**
 * A {@link RemoteShell} that runs scripts inside a test host as its root ({@link TestHost#exec}), for tests of what
 * hardening does to a real server; the ssh target's own shell goes over SSH.
 */
final class TestHostShell implements RemoteShell {
    private final TestHost host;
    private final SshHost sshHost;

    TestHostShell(TestHost host) {
        this.host = host;
        this.sshHost = new SshHost("root", host.address(), host.sshPort());
    }

    @Override
    public SshHost host() {
        return sshHost;
    }

    @Override
    public CommandResult run(String script, Duration timeout) {
        ExecResult result = host.exec(script, timeout);
        return new CommandResult(sshHost, script, result.exitCode(), result.output(), result.errors());
    }

    @Override
    public CommandResult run(String script, byte[] input, Duration timeout) {
        String name = "hivemind-input-" + UUID.randomUUID();
        // The host mounts its own /tmp (tmpfs): /var/tmp is the root filesystem this machine sees.
        Path file = host.root().resolve("var/tmp").resolve(name);
        try {
            Files.write(file, input);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the input of '" + script + "' to " + file, e);
        }
        CommandResult result = run("/bin/sh -c " + RemoteShell.quote(script) + " < /var/tmp/" + name
                + "; status=$?; rm -f /var/tmp/" + name + "; exit $status", timeout);
        return new CommandResult(sshHost, script, result.exitCode(), result.stdout(), result.stderr());
    }
}
