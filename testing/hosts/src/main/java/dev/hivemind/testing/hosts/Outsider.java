package dev.hivemind.testing.hosts;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Another machine on the hosts' subnet, with an address of its own: a network namespace where commands run with this
 * machine's programs (its {@code ssh}, {@code curl}), so that a host sees them come from {@link #address()} rather than
 * from this machine. The way to show that fail2ban bans an attacker's address while this machine keeps its access.
 */
public final class Outsider {
    private static final Duration TIMEOUT = Duration.ofMinutes(5);
    private static final Duration ATTEMPT = Duration.ofSeconds(30);

    private final String namespace;
    private final String address;
    private final Path home;

    Outsider(String namespace, String address, Path home) {
        this.namespace = namespace;
        this.address = address;
        this.home = home;
    }

    /** The outsider's IPv4 address, on the hosts' subnet. */
    public String address() {
        return address;
    }

    /** Runs {@code command} with {@code /bin/sh} on this machine, in the outsider's network namespace. */
    public ExecResult exec(String command) {
        ExecResult result = run(List.of("/bin/sh", "-c", command), Map.of());
        return new ExecResult(command, result.exitCode(), result.output(), result.errors());
    }

    /**
     * Tries to log in to {@code host} as {@code user} with {@code password} (and nothing else) and run
     * {@code command}; the host's current key is checked strictly. Exit 255 when ssh fails (a wrong password, a
     * refused connection), 124 when the attempt took longer than 30 s: a firewall that starts dropping the
     * outsider's packets while it logs in (a fail2ban ban) leaves ssh waiting.
     */
    public ExecResult sshWithPassword(TestHost host, String user, String password, String command) {
        Path askpass = home.resolve("askpass");
        List<String> ssh = new ArrayList<>(List.of("timeout", String.valueOf(ATTEMPT.toSeconds())));
        ssh.addAll(SshCommand.withPassword(host.knownHostsFile(), user, host.address(), command));
        ExecResult result = run(ssh, Map.of("SSH_ASKPASS", askpass.toString(), "SSH_ASKPASS_REQUIRE", "force",
                "DISPLAY", "none", SshCommand.ASKPASS_VARIABLE, password));
        return new ExecResult(command, result.exitCode(), result.output(), result.errors());
    }

    @Override
    public String toString() {
        return "outsider (" + address + ")";
    }

    /** Makes the outsider's home (its {@code HOME}, holding the askpass program). */
    static Path prepareHome(Path home) {
        try {
            Files.createDirectories(home);
            Path askpass = home.resolve("askpass");
            Files.writeString(askpass, SshCommand.askpass());
            Files.setPosixFilePermissions(askpass, PosixFilePermissions.fromString("rwx------"));
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the outsider's home " + home, e);
        }
    }

    private ExecResult run(List<String> command, Map<String, String> environment) {
        List<String> entered = new ArrayList<>(List.of("nsenter", "--net=/run/netns/" + namespace, "--"));
        entered.addAll(command);
        Map<String, String> withHome = new HashMap<>(environment);
        withHome.put("HOME", home.toString());
        return Commands.run(entered, withHome, TIMEOUT);
    }
}
