package dev.hivemind.cli;

/**
 * Marks a command that writes under {@code HIVEMIND_HOME} or sends secrets to the host agent: before it runs,
 * {@link Main} checks that the home can be trusted ({@link dev.hivemind.api.host.HomeOwnership}).
 */
public interface WritesHome {
}
