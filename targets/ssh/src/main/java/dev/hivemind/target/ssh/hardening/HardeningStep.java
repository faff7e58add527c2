package dev.hivemind.target.ssh.hardening;

import java.util.Objects;

/**
 * One step of hardening a host as it went, recorded with what it found and what it left.
 *
 * @param name    the step ({@code firewall}, {@code sshd}, {@code fail2ban}, {@code unattended-upgrades},
 *                {@code legacy-services}, {@code security-updates})
 * @param before  what the step found, with the real values
 * @param after   what it left
 * @param changed whether it changed anything on the host; hardening a hardened host changes nothing
 */
public record HardeningStep(String name, String before, String after, boolean changed) {
    public HardeningStep {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    static HardeningStep unchanged(String name, String state) {
        return new HardeningStep(name, state, state, false);
    }

    /** What the state's check records: {@code before: …; after: …}, or {@code unchanged: …}. */
    public String detail() {
        return changed ? "before: " + before + "; after: " + after : "unchanged: " + after;
    }
}
