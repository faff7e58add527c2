package dev.hivemind.target.hardening;

/**
 * The checks of the hardening score and their weights, which add up to 100 (the table in docs/security.md).
 * A target scores each check it runs with {@link #check}.
 */
public enum Rubric {
    INSTANCE_LOOPBACK_ONLY("instance-loopback-only", 35),
    ENVIRONMENT_FILES_0600("environment-files-0600", 25),
    HOME_DIRECTORIES_0700("home-directories-0700", 15),
    PUBLIC_ENDPOINT("public-endpoint", 15),
    TLS("tls", 10);

    private final String checkName;
    private final int weight;

    Rubric(String checkName, int weight) {
        this.checkName = checkName;
        this.weight = weight;
    }

    /** The check's name as reported in {@code vulnerability_scan_results}. */
    public String checkName() {
        return checkName;
    }

    /** The points the check adds to the score when it passes. */
    public int weight() {
        return weight;
    }

    /** This check as the target found it, with what the user could do should it fail. */
    public ScoredCheck check(boolean passed, String detail, String recommendation) {
        return new ScoredCheck(this, passed, detail, recommendation);
    }
}
