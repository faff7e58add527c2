package dev.hivemind.target.ssh;

import dev.hivemind.api.Progress;
import dev.hivemind.api.SecretMask;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.host.CleanEnvironment;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import dev.hivemind.target.ssh.host.ArtifactUpload;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Runs a release's migration command on the first of the app's hosts, before the release starts there: the artifact
 * is shipped as a rollout ships it (content-addressed, so the rollout then uploads nothing more), and
 * {@code /bin/sh -c COMMAND} runs in the release directory with the environment an instance gets (a clean base, then
 * the app's variables). The variables travel on the command's standard input into a 0600 file in a private temporary
 * directory (its {@code HOME}, removed afterwards), never on a command line where {@code ps} would show them.
 */
final class HostMigration {
    /** The {@code PATH} systemd gives the agent, and so the instances, on a host. */
    static final String HOST_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Duration MARGIN = Duration.ofSeconds(30);
    private static final int SHOWN_LINES = 15;

    private HostMigration() {
    }

    static void run(SshConnection connection, Target.Migration migration, Progress progress) {
        SshHost host = connection.host();
        for (String name : migration.environment().keySet()) {
            if (!NAME.matcher(name).matches()) {
                throw new InvalidInputException(Agent.DEPLOYER, "the variable name '" + name + "' cannot be given to "
                        + "a shell on " + host.display(), "Migrating the database of " + migration.app(), "Rename it "
                        + "to letters, digits and underscores (not starting with a digit)");
            }
        }
        ArtifactUpload.Shipped shipped = ArtifactUpload.ship(connection, migration.artifact(), migration.app(),
                migration.releaseId());
        progress.line(host.display() + ": migrating with `" + migration.command() + "` in "
                + shipped.releaseDirectory());
        Map<String, String> environment = new TreeMap<>(CleanEnvironment.appBase(Map.of("PATH", HOST_PATH),
                Path.of(shipped.releaseDirectory())));
        environment.remove("HOME");
        environment.putAll(migration.environment());
        SecretMask secrets = SecretMask.of(migration.environment());
        CommandResult result = connection.run(script(shipped.releaseDirectory(), migration),
                file(environment).getBytes(StandardCharsets.UTF_8), migration.timeout().plus(MARGIN));
        List<String> lines = (result.stdout() + result.stderr()).lines().map(secrets::apply).toList();
        lines.forEach(line -> progress.line(host.display() + ": " + line));
        if (!result.ok()) {
            List<String> tail = lines.subList(Math.max(0, lines.size() - SHOWN_LINES), lines.size());
            String how = result.exitCode() == 124 ? "did not finish within " + migration.timeout().toSeconds() + " s"
                    : "failed with exit code " + result.exitCode();
            throw new DeploymentException(Agent.DEPLOYER, "the migration `" + migration.command() + "` " + how
                    + " on " + host.display() + "; its last lines:\n  " + String.join("\n  ", tail), "Migrating the "
                    + "database of " + migration.app() + " for release " + migration.releaseId(), "Fix the migration "
                    + "and deploy again; the release serving now was not touched");
        }
        progress.line(host.display() + ": migration finished");
    }

    /** Reads the environment from standard input, then runs the command in the release directory with only it. */
    static String script(String release, Target.Migration migration) {
        return String.join("\n",
                "set -e",
                "umask 077",
                "work=$(mktemp -d)",
                "trap 'rm -rf \"$work\"' EXIT",
                "cat > \"$work/environment\"",
                "cd " + RemoteShell.quote(release),
                "set +e",
                "env -i HOME=\"$work\" /bin/sh -c 'set -a; . \"$1\"; set +a; umask 022; exec timeout --kill-after=10 "
                        + "\"$2\" /bin/sh -c \"$3\"' migrate \"$work/environment\" "
                        + migration.timeout().toSeconds() + " " + RemoteShell.quote(migration.command()) + " 2>&1",
                "status=$?",
                "exit $status");
    }

    /** {@code NAME='value'} lines for {@code .} in a shell. */
    static String file(Map<String, String> environment) {
        StringBuilder text = new StringBuilder();
        environment.forEach((name, value) -> text.append(name).append('=').append(RemoteShell.quote(value))
                .append('\n'));
        return text.toString();
    }
}
