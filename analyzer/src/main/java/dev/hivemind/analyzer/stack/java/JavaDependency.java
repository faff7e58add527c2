package dev.hivemind.analyzer.stack.java;

/**
 * A library, plugin or parent a Java build declares.
 *
 * @param group    the group id ({@code org.postgresql}), or a Gradle plugin id ({@code org.springframework.boot})
 * @param artifact the artifact id ({@code postgresql}); empty for a Gradle plugin id
 * @param kind     what declares it
 * @param test     whether it is only for tests (Maven scope test, a Gradle test* configuration)
 * @param source   where it is declared, for evidence, e.g. {@code pom.xml dependency org.postgresql:postgresql}
 */
record JavaDependency(String group, String artifact, Kind kind, boolean test, String source) {

    /** What declares a {@link JavaDependency}. */
    enum Kind { LIBRARY, PLUGIN, PARENT }

    static JavaDependency library(String group, String artifact, boolean test, String source) {
        return new JavaDependency(group, artifact, Kind.LIBRARY, test, source);
    }

    /** {@code group:artifact}, or the plugin id. */
    String name() {
        return artifact.isEmpty() ? group : group + ":" + artifact;
    }
}
