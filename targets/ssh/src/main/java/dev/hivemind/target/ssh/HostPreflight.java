package dev.hivemind.target.ssh;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.SshHost;
import dev.hivemind.target.ssh.connection.SshConnection;
import dev.hivemind.target.ssh.host.HostFacts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 001 on one host, changing nothing there: reachable and logged in (host key checked), root or sudo without a
 * password, a Debian or Ubuntu OS, the architecture, free disk, the public port, systemd, and the runtime the stack
 * needs. A changed host key is not a check that fails but a refusal (exit 2).
 */
final class HostPreflight {
    static final long MINIMUM_FREE_KB = 200 * 1024;
    static final long COMFORTABLE_FREE_KB = 1024 * 1024;

    private HostPreflight() {
    }

    static List<PreflightCheck> check(Fleet fleet, SshHost host, int publicPort, String app,
                                      Optional<TechStack> stack) {
        String name = host.address();
        SshConnection connection;
        try {
            connection = fleet.connection(host);
        } catch (InvalidInputException refused) {
            if (refused.getMessage().contains("host key")) {
                throw refused;
            }
            return List.of(new PreflightCheck(name + ": login", false, true, refused.getMessage(),
                    refused.remediation()));
        } catch (HiveMindException unreachable) {
            return List.of(new PreflightCheck(name + ": reachable", false, true, unreachable.getMessage(),
                    unreachable.remediation()));
        }
        List<PreflightCheck> checks = new ArrayList<>();
        String trust = connection.trust() instanceof dev.hivemind.target.ssh.connection.HostTrust.Verdict.FirstContact
                ? "first contact: trusted and recorded its host key " : "host key ";
        checks.add(new PreflightCheck(name + ": login", true, true, "logged in as " + host.user() + " on "
                + host.display() + ", " + trust + connection.trust().fingerprint(), ""));
        HostFacts facts = HostFacts.probe(connection);
        if (!facts.sudo()) {
            checks.add(new PreflightCheck(name + ": sudo", false, true, host.user() + " cannot run commands as root "
                    + "without a password: " + facts.sudoDetail(), "Log in as root, or allow it: echo '" + host.user()
                    + " ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/hivemind on the host"));
            return checks;
        }
        checks.add(new PreflightCheck(name + ": root", true, true, host.isRoot() ? "logged in as root"
                : host.user() + " runs commands as root with sudo -n", ""));
        checks.add(new PreflightCheck(name + ": os", facts.supportedOs(), true, facts.osName().isBlank()
                ? "no /etc/os-release" : facts.osName() + " (" + facts.arch() + ")", "HiveMind deploys to Debian "
                + "and Ubuntu hosts; this one is '" + facts.os() + "'"));
        checks.add(disk(name, facts));
        checks.add(port(fleet, host, connection, publicPort, app));
        checks.add(new PreflightCheck(name + ": systemd", facts.systemd(), false, facts.systemd()
                ? "systemd is the init: the agent runs as the unit hivemind-agent.service"
                : "systemd is not the init: a fallback supervisor keeps the agent running, but not across reboots",
                "Use a host whose init is systemd for an agent that comes back after a reboot"));
        stack.map(StackRuntime::of).filter(runtime -> !runtime.needsNothing())
                .ifPresent(runtime -> checks.add(runtime(name, facts, runtime)));
        return checks;
    }

    private static PreflightCheck disk(String name, HostFacts facts) {
        long mb = facts.freeKilobytes() / 1024;
        boolean enough = facts.freeKilobytes() >= MINIMUM_FREE_KB;
        boolean comfortable = facts.freeKilobytes() >= COMFORTABLE_FREE_KB;
        return new PreflightCheck(name + ": disk", comfortable, !enough, mb + " MB free under /var/lib",
                "Free some space under /var/lib (HiveMind keeps its agent, a Java runtime and 5 releases per app "
                + "there; 1 GB is comfortable)");
    }

    private static PreflightCheck port(Fleet fleet, SshHost host, SshConnection connection, int publicPort,
                                       String app) {
        String name = host.address() + ": public-port";
        String holder = connection.run("ss -ltnpH 'sport = :" + publicPort + "' 2>/dev/null").output();
        if (holder.isBlank()) {
            return new PreflightCheck(name, true, true, "port " + publicPort + " is free", "");
        }
        boolean ours = holder.contains("java") && SshTarget.agentServes(fleet, host, app, publicPort);
        return new PreflightCheck(name, ours, true, ours ? "port " + publicPort + " is served by HiveMind's proxy "
                + "for " + app : "port " + publicPort + " is in use on the host: " + holder.lines().findFirst()
                .orElse(""), "Stop what listens on " + publicPort + " on the host, or pass --port with a free port");
    }

    private static PreflightCheck runtime(String name, HostFacts facts, StackRuntime runtime) {
        String check = name + ": runtime";
        List<String> missing = runtime.commands().stream().filter(command -> !facts.commands().containsKey(command))
                .toList();
        if (!missing.isEmpty()) {
            boolean apt = facts.commands().containsKey("apt-get");
            return new PreflightCheck(check, false, !apt, runtime.language() + " is not installed (" + missing
                    + " missing)" + (apt ? "; provision installs " + runtime.packages() + " with apt-get" : ""),
                    "apt-get install " + String.join(" ", runtime.packages()) + " on the host");
        }
        Optional<Integer> major = facts.majorVersion(runtime.versionCommand());
        String version = facts.commands().get(runtime.versionCommand());
        if (runtime.minimumMajor().isPresent() && major.isPresent() && major.get() < runtime.minimumMajor().get()) {
            return new PreflightCheck(check, false, true, runtime.language() + " " + version + " is older than the "
                    + runtime.minimumMajor().get() + " the app asks for", "Install a newer " + runtime.language()
                    + " on the host (the distribution's backports, or the vendor's packages)");
        }
        return new PreflightCheck(check, true, true, runtime.language() + " " + version + " is installed", "");
    }
}
