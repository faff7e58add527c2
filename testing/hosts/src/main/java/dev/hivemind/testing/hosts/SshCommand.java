package dev.hivemind.testing.hosts;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's OpenSSH client ({@code ssh}) pointed at a test host, reading nothing of this machine's own SSH setup:
 * no user or agent configuration ({@code ssh} takes {@code ~} from the password database, not from {@code HOME}),
 * only the given known_hosts file, checked strictly.
 */
final class SshCommand {
    static final String ASKPASS_VARIABLE = "HIVEMIND_TEST_PASSWORD";

    private SshCommand() {
    }

    /** Logs in with {@code key} and runs {@code command}; never prompts. */
    static List<String> withKey(Path key, Path knownHosts, String user, String address, String command) {
        List<String> ssh = base(knownHosts);
        ssh.addAll(List.of("-i", key.toString(), "-o", "IdentitiesOnly=yes", "-o", "BatchMode=yes",
                "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"));
        return finish(ssh, user, address, command);
    }

    /**
     * Logs in with a password only, given by the askpass program {@code askpass} (which prints
     * {@code $HIVEMIND_TEST_PASSWORD}): OpenSSH's {@code SSH_ASKPASS_REQUIRE=force}, no {@code sshpass} needed.
     */
    static List<String> withPassword(Path knownHosts, String user, String address, String command) {
        List<String> ssh = base(knownHosts);
        ssh.addAll(List.of("-o", "PubkeyAuthentication=no",
                "-o", "PreferredAuthentications=password,keyboard-interactive", "-o", "NumberOfPasswordPrompts=1"));
        return finish(ssh, user, address, command);
    }

    /** The askpass program's text. */
    static String askpass() {
        return "#!/bin/sh\nprintf '%s\\n' \"$" + ASKPASS_VARIABLE + "\"\n";
    }

    private static List<String> base(Path knownHosts) {
        return new ArrayList<>(List.of("ssh", "-F", "/dev/null", "-o", "IdentityAgent=none",
                "-o", "UserKnownHostsFile=" + knownHosts, "-o", "GlobalKnownHostsFile=/dev/null",
                "-o", "StrictHostKeyChecking=yes", "-o", "ConnectTimeout=10", "-o", "LogLevel=ERROR"));
    }

    private static List<String> finish(List<String> ssh, String user, String address, String command) {
        ssh.addAll(List.of("-p", String.valueOf(TestHost.SSH_PORT), "-l", user, "--", address, command));
        return ssh;
    }
}
