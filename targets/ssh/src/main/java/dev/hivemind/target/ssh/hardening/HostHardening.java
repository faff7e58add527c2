package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.FirewallRule;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The Sheriff's work on one server (stage 050 of the ssh target): the firewall, sshd, fail2ban, unattended
 * upgrades, legacy services and pending security updates, each step idempotent and recorded with what it found and
 * left, scored by the host rubric (docs/security.md).
 */
public final class HostHardening {
    private HostHardening() {
    }

    /** What {@link #harden} would change on the host {@code shell} runs on, changing nothing. */
    public static HardeningPlan plan(RemoteShell shell, HardeningRequest request) {
        SshdHardening sshd = new SshdHardening(shell);
        Set<Integer> sshPorts = sshPorts(shell, sshd);
        List<String> changes = new ArrayList<>(HostFirewall.on(shell).planned(sshPorts, request.app(),
                request.appPorts()));
        changes.addAll(sshd.planned());
        changes.addAll(new Fail2banJail(shell).planned(sshPorts));
        changes.addAll(new UnattendedUpgrades(shell).planned());
        changes.addAll(new LegacyServices(shell).planned());
        return new HardeningPlan(shell.host(), changes);
    }

    /** Hardens the host {@code shell} runs on; a second run changes nothing. */
    public static HardeningResult harden(RemoteShell shell, HardeningRequest request) {
        SshdHardening sshd = new SshdHardening(shell);
        Set<Integer> sshPorts = sshPorts(shell, sshd);
        HostFirewall firewall = HostFirewall.on(shell);
        List<StepOutcome> outcomes = List.of(
                firewall.harden(sshPorts, request.app(), request.appPorts()),
                sshd.harden(request.secondLoginWorks()),
                new Fail2banJail(shell).harden(sshPorts),
                new UnattendedUpgrades(shell).harden(),
                new LegacyServices(shell).harden(),
                new SecurityUpdates(shell).count());
        FirewallState after = firewall.read();
        return new HardeningResult(shell.host(), outcomes.stream().map(StepOutcome::step).toList(),
                new HardeningScore(outcomes.stream().map(StepOutcome::check).toList()), rules(after),
                openPorts(shell, after));
    }

    /**
     * Opens the app's public ports in the host's firewall (the provision stage, so the app is reachable whether or
     * not it is hardened), each rule named after the app; the app's rules for other ports are deleted.
     */
    public static HardeningStep openAppRules(RemoteShell shell, String app, Set<Integer> ports) {
        HardeningRequest.validate(app, ports);
        return HostFirewall.on(shell).openAppRules(app, ports);
    }

    /** Deletes the firewall rules HiveMind opened for the app (destroy); the rules name the app, so no port is needed. */
    public static HardeningStep removeAppRules(RemoteShell shell, String app) {
        HardeningRequest.validate(app, Set.of());
        return HostFirewall.on(shell).removeAppRules(app);
    }

    /** The ports sshd listens on, which the firewall keeps open; the port HiveMind connects on when sshd -T says none. */
    private static Set<Integer> sshPorts(RemoteShell shell, SshdHardening sshd) {
        Set<Integer> ports = sshd.settings().ports();
        return ports.isEmpty() ? Set.of(shell.host().port()) : ports;
    }

    static List<FirewallRule> rules(FirewallState state) {
        List<FirewallRule> rules = new ArrayList<>();
        for (AllowRule rule : state.rules()) {
            String description = rule.comment().orElse(rule.spec());
            rule.ports().forEach(range -> rules.add(new FirewallRule(range.first(), rule.protocol(), rule.source(),
                    range.first() == range.last() ? description : description + " (ports " + range + ")")));
        }
        return rules;
    }

    private static List<Integer> openPorts(RemoteShell shell, FirewallState firewall) {
        return Listeners.tcpPorts(shell, true).stream().filter(firewall::allowsTcp).toList();
    }
}
