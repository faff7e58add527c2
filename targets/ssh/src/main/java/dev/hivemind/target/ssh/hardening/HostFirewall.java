package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.error.Agent;
import dev.hivemind.target.hardening.HostRubric;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A host's firewall, driven over SSH: ufw where it is installed, else HiveMind's nftables table. It hardens the
 * firewall by the {@link FirewallPlanner}'s plan, and opens and removes the rules HiveMind keeps for an app (each
 * rule's comment names the app, so destroy finds them however the app's ports changed).
 */
final class HostFirewall {
    static final String STEP = "firewall";
    private final RemoteShell shell;
    private final FirewallState.Backend backend;

    private HostFirewall(RemoteShell shell, FirewallState.Backend backend) {
        this.shell = shell;
        this.backend = backend;
    }

    /** The host's firewall: ufw when {@code ufw} is installed, else nftables when {@code nft} is. */
    static HostFirewall on(RemoteShell shell) {
        String found = shell.run("command -v ufw >/dev/null && echo ufw || { command -v nft >/dev/null && echo nft; } "
                + "|| echo none").output();
        return new HostFirewall(shell, switch (found) {
            case "ufw" -> FirewallState.Backend.UFW;
            case "nft" -> FirewallState.Backend.NFTABLES;
            default -> FirewallState.Backend.NONE;
        });
    }

    FirewallState read() {
        return switch (backend) {
            case UFW -> UfwRules.read(shell.run(UfwRules.inspectScript()).stdout());
            case NFTABLES -> NftRules.read(shell.run(NftRules.inspectScript()).stdout());
            case NONE -> new FirewallState(backend, false, false, List.of());
        };
    }

    /** Lets in only SSH and the apps' ports, denies the rest and turns the firewall on; never opens a closed port. */
    StepOutcome harden(Set<Integer> sshPorts, String app, Set<Integer> appPorts) {
        if (backend == FirewallState.Backend.NONE) {
            HardeningStep step = HardeningStep.unchanged(STEP, "neither ufw nor nft is installed: every port is open");
            return StepOutcome.of(step, HostRubric.FIREWALL, false,
                    "Install a firewall on " + shell.host().display() + " (apt-get install ufw) and deploy again");
        }
        FirewallState before = read();
        FirewallPlan plan = FirewallPlanner.plan(before, syntax(), sshPorts, app, appPorts);
        if (plan.changes()) {
            apply(plan);
        }
        FirewallState after = read();
        FirewallPlan left = FirewallPlanner.plan(after, syntax(), sshPorts, app, appPorts);
        boolean passed = !left.changes() && left.closedPorts().isEmpty()
                && after.rules().stream().allMatch(AllowRule::known);
        HardeningStep step = new HardeningStep(STEP, describe(before), describe(after), plan.changes());
        return StepOutcome.of(step, HostRubric.FIREWALL, passed, recommendation(after, left));
    }

    /** What {@link #harden} would change, one line each; nothing when the firewall is as it should be. */
    List<String> planned(Set<Integer> sshPorts, String app, Set<Integer> appPorts) {
        if (backend == FirewallState.Backend.NONE) {
            return List.of("no firewall to set on " + shell.host().display() + ": neither ufw nor nft is installed");
        }
        FirewallPlan plan = FirewallPlanner.plan(read(), syntax(), sshPorts, app, appPorts);
        List<String> lines = new ArrayList<>();
        plan.additions().forEach(rule -> lines.add("firewall: allow " + rule.describe()));
        if (plan.deniesByDefault()) {
            lines.add("firewall: deny incoming traffic by default");
        }
        plan.deletions().forEach(rule -> lines.add("firewall: delete the rule " + rule.spec()));
        if (plan.enables()) {
            lines.add(backend == FirewallState.Backend.UFW ? "firewall: turn ufw on"
                    : "firewall: load the nftables table inet hivemind, at boot too");
        }
        if (!plan.closedPorts().isEmpty()) {
            lines.add("firewall: leave ports " + plan.closedPorts() + " closed (hardening never opens a port)");
        }
        return lines;
    }

    /** Adds a rule for each of the app's ports and deletes the app's rules for other ports (provision). */
    HardeningStep openAppRules(String app, Set<Integer> ports) {
        FirewallState before = read();
        List<AllowRule> rules = new ArrayList<>(before.rules().stream()
                .filter(rule -> !rule.app().equals(Optional.of(app)) || ports.stream().anyMatch(rule::allowsTcp))
                .toList());
        ports.stream().sorted().filter(port -> rules.stream().noneMatch(rule -> rule.app().equals(
                Optional.of(app)) && rule.allowsTcp(port)))
                .forEach(port -> rules.add(syntax().allowTcp(port, AllowRule.ANYWHERE, AllowRule.appComment(app))));
        return rewrite("app-ports", before, rules);
    }

    /** Deletes every rule HiveMind opened for the app (destroy). */
    HardeningStep removeAppRules(String app) {
        FirewallState before = read();
        return rewrite("app-ports", before, before.rules().stream()
                .filter(rule -> !rule.app().equals(Optional.of(app))).toList());
    }

    private HardeningStep rewrite(String name, FirewallState before, List<AllowRule> rules) {
        List<AllowRule> deletions = before.rules().stream().filter(rule -> !rules.contains(rule)).toList();
        List<AllowRule> additions = rules.stream().filter(rule -> !before.rules().contains(rule)).toList();
        boolean nothingLoaded = backend == FirewallState.Backend.NFTABLES && !before.active();
        if (backend == FirewallState.Backend.NONE || nothingLoaded || deletions.isEmpty() && additions.isEmpty()) {
            return HardeningStep.unchanged(name, describe(before));
        }
        FirewallState wanted = new FirewallState(backend, before.active(), before.defaultDeny(), rules);
        apply(new FirewallPlan(before, wanted, deletions, additions, List.of()));
        return new HardeningStep(name, describe(before), describe(read()), true);
    }

    private void apply(FirewallPlan plan) {
        String doing = "Changing the firewall (" + backend.name().toLowerCase() + ")";
        String remediation = "Look at the firewall on " + shell.host().display() + " (ufw status verbose, nft list "
                + "ruleset) and fix what the error names, then run the command again";
        if (backend == FirewallState.Backend.UFW) {
            shell.run("set -e\n" + ufwScript(plan)).require(Agent.SHERIFF, doing, remediation);
            return;
        }
        byte[] file = NftRules.file(plan.after().rules()).getBytes(StandardCharsets.UTF_8);
        String script = "set -e\nmkdir -p /etc/nftables.d\ncat > " + NftRules.FILE + ".new\n"
                + "nft -c -f " + NftRules.FILE + ".new\nmv " + NftRules.FILE + ".new " + NftRules.FILE + "\n"
                + "nft -f " + NftRules.FILE + "\n"
                + "grep -qxF " + RemoteShell.quote(NftRules.INCLUDE) + " /etc/nftables.conf 2>/dev/null || echo "
                + RemoteShell.quote(NftRules.INCLUDE) + " >> /etc/nftables.conf\n"
                + "if [ -d /run/systemd/system ]; then systemctl enable --quiet nftables; fi\n";
        shell.run(script, file, RemoteShell.DEFAULT_TIMEOUT).require(Agent.SHERIFF, doing, remediation);
    }

    /** Adds first, so SSH is allowed before anything is denied; enables last. */
    static String ufwScript(FirewallPlan plan) {
        List<String> commands = new ArrayList<>();
        plan.additions().forEach(rule -> commands.add(UfwRules.addCommand(rule)));
        if (plan.deniesByDefault()) {
            commands.add("ufw default deny incoming");
        }
        plan.deletions().forEach(rule -> commands.add(UfwRules.deleteCommand(rule)));
        if (plan.enables()) {
            commands.add("ufw --force enable");
        }
        return commands.stream().map(command -> command + " >/dev/null").collect(Collectors.joining("\n")) + "\n";
    }

    private RuleSyntax syntax() {
        return backend == FirewallState.Backend.NFTABLES ? new NftRules() : new UfwRules();
    }

    static String describe(FirewallState state) {
        String name = state.backend() == FirewallState.Backend.UFW ? "ufw" : "nftables table inet hivemind";
        String rules = state.rules().isEmpty() ? "no rule"
                : state.rules().stream().map(AllowRule::describe).collect(Collectors.joining(", "));
        if (state.wideOpen()) {
            return name + (state.active() ? " active but allowing by default" : " inactive") + " (every port open), "
                    + "rules: " + rules;
        }
        return name + " active, denying by default, allowing " + rules;
    }

    private String recommendation(FirewallState after, FirewallPlan left) {
        if (!left.closedPorts().isEmpty()) {
            return "Ports " + left.closedPorts() + " are needed (SSH or the app) but the firewall on "
                    + shell.host().display() + " keeps them closed; hardening never opens a port: open them with "
                    + (backend == FirewallState.Backend.UFW ? "ufw allow PORT/tcp" : "the provision stage");
        }
        List<String> unknown = after.rules().stream().filter(rule -> !rule.known()).map(AllowRule::spec).toList();
        return "Remove the firewall rules HiveMind cannot read and so left alone on " + shell.host().display() + ": "
                + unknown;
    }
}
