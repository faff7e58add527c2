package dev.hivemind.cli.command;

import dev.hivemind.analyzer.config.ProjectFile;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.HostSelection;
import dev.hivemind.api.remote.SshHost;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that choose the servers of the {@code ssh} target: {@code --host}, {@code --ssh-key}, {@code --max-parallel}. */
public final class HostOptions {
    static final String SSH = "ssh";

    @Option(names = "--host", paramLabel = "[USER@]HOST[:PORT]",
            description = "A server of the ssh target (repeatable; default user root, port 22).")
    List<String> hosts = List.of();

    @Option(names = "--ssh-key", paramLabel = "FILE",
            description = "The private key to log in with (default: ~/.ssh/id_ed25519, id_ecdsa, id_rsa).")
    Optional<String> sshKey = Optional.empty();

    @Option(names = "--max-parallel", paramLabel = "N",
            description = "How many hosts a rollout switches at once (default: 1).")
    Optional<Integer> maxParallel = Optional.empty();

    @Option(names = "--no-harden", description = "Do not harden the hosts (firewall, sshd, fail2ban...): recorded as "
            + "skipped.")
    boolean noHarden;

    /**
     * The hosts for {@code target}, checked before anything runs: the ssh target needs one, the others take none.
     *
     * @throws InvalidInputException naming the option and what to pass
     */
    HostSelection selection(String target) {
        return selection(target, ProjectFile.RemoteSettings.none());
    }

    /** As {@link #selection(String)}, falling back on the file's hosts, key and parallelism for what is not given. */
    HostSelection selection(String target, ProjectFile.RemoteSettings file) {
        maxParallel.filter(value -> value < 1).ifPresent(value -> {
            throw invalid("--max-parallel " + value + " is not a number of hosts", "Pass --max-parallel 1 or more");
        });
        List<String> hosts = this.hosts.isEmpty() ? file.hosts() : this.hosts;
        Optional<String> sshKey = this.sshKey.or(file::sshKey);
        Optional<Integer> maxParallel = this.maxParallel.or(file::maxParallel);
        if (!target.equals(SSH)) {
            if (!this.hosts.isEmpty() || this.sshKey.isPresent() || noHarden) {
                throw invalid("--host, --ssh-key and --no-harden are for --target ssh, not " + target,
                        "Add --target ssh, or leave --host out to deploy to this machine");
            }
            return HostSelection.none();
        }
        if (hosts.isEmpty()) {
            throw invalid("--target ssh needs at least one --host", "Pass --host [user@]HOST[:PORT], once per server, "
                    + "or list them under hosts: in hivemind.yaml");
        }
        List<SshHost> parsed = hosts.stream().map(SshHost::parse).toList();
        if (parsed.stream().map(SshHost::fileName).distinct().count() != parsed.size()) {
            throw invalid("a host is given twice: " + hosts, "Give each server once");
        }
        return new HostSelection(parsed, sshKey.map(path -> java.nio.file.Path.of(path).toAbsolutePath().toString()),
                maxParallel.orElse(1), !noHarden);
    }

    private static InvalidInputException invalid(String message, String remedy) {
        return new InvalidInputException(Agent.CONDUCTOR, message, "Reading the hosts to deploy to", remedy);
    }
}
