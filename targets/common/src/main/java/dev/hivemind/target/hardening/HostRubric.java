package dev.hivemind.target.hardening;

/**
 * The checks of a server's hardening score and their weights, which add up to 100 (the host rubric in
 * docs/security.md): what the {@code ssh} target, and any target whose hosts are servers reached over SSH, scores
 * per host.
 */
public enum HostRubric implements RubricItem {
    FIREWALL("firewall", 25),
    SSH_KEYS_ONLY("ssh-keys-only", 25),
    FAIL2BAN_SSHD("fail2ban-sshd", 15),
    SECURITY_UPDATES_APPLIED("security-updates-applied", 15),
    UNATTENDED_UPGRADES("unattended-upgrades", 10),
    NO_LEGACY_SERVICES("no-legacy-services", 10);

    private final String checkName;
    private final int weight;

    HostRubric(String checkName, int weight) {
        this.checkName = checkName;
        this.weight = weight;
    }

    @Override
    public String checkName() {
        return checkName;
    }

    @Override
    public int weight() {
        return weight;
    }
}
