package dev.hivemind.target.hardening;

/**
 * The checks of an app's hardening score on the local target and their weights, which add up to 100 (the table in
 * docs/security.md). A target scores each check it runs with {@link #check}; servers have {@link HostRubric}.
 */
public enum Rubric implements RubricItem {
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

    @Override
    public String checkName() {
        return checkName;
    }

    @Override
    public int weight() {
        return weight;
    }
}
