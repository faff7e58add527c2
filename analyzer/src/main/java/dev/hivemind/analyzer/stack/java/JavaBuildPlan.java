package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.build.BuildStep;
import java.util.List;
import java.util.Optional;

/**
 * The command that builds a Java app, run in the artifact directory: the committed wrapper when there is one, else
 * the installed tool; {@code mvn -B -ntp package -DskipTests} for Maven, {@code gradle build -x test --no-daemon}
 * for Gradle (no daemon is left running after the build). A {@code hivemind.yaml} build command replaces it and is
 * run by {@code sh -c}.
 */
final class JavaBuildPlan {
    static final String SHELL = "/bin/sh";

    private JavaBuildPlan() {
    }

    /**
     * @param wrapper     whether the app commits the build tool's wrapper (mvnw or gradlew)
     * @param override    the build command from hivemind.yaml, if any
     * @param shownSource the app's directory as the user knows it, for the context line
     */
    static BuildStep plan(boolean maven, boolean wrapper, Optional<String> override, String shownSource) {
        String context = "Building the Java application in " + shownSource;
        if (override.isPresent()) {
            return new BuildStep(List.of(SHELL, "-c", override.get()), context + " with the build command from "
                    + "hivemind.yaml", "Check the build command in hivemind.yaml; it runs in a copy of the source "
                    + "with JAVA_HOME set to the chosen JDK");
        }
        if (maven) {
            String mvn = wrapper ? "./" + JavaDetector.MAVEN_WRAPPER : "mvn";
            return new BuildStep(List.of(mvn, "-B", "-ntp", "package", "-DskipTests"), context, "Check the "
                    + "compiler errors and pom.xml's dependencies and plugins in the output; '" + mvn
                    + " -B package -DskipTests' in the app's directory shows the same");
        }
        String gradle = wrapper ? "./" + JavaDetector.GRADLE_WRAPPER : "gradle";
        return new BuildStep(List.of(gradle, "build", "-x", "test", "--no-daemon"), context, "Check the compiler "
                + "errors and the build script in the output; '" + gradle + " build -x test' in the app's directory "
                + "shows the same");
    }
}
