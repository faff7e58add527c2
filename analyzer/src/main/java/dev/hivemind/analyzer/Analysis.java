package dev.hivemind.analyzer;

import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.api.TechStack;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@code hivemind analyze} shows of a directory: the stack of the app there, whether HiveMind deploys it (and
 * why not), whether its port is declared by the app or only its framework's default; or, for the root of a
 * monorepo, the apps below it.
 *
 * @param stack         the app's stack; empty for a monorepo's root
 * @param deployable    whether {@code hivemind deploy} would build and run it
 * @param notDeployable why not, with what to do instead, when it is not deployable
 * @param apps          the apps of a monorepo's root, each with its path, language and port; empty for an app
 */
public record Analysis(Optional<TechStack> stack, boolean deployable, Optional<NotDeployable> notDeployable,
                       List<App> apps) {

    public Analysis {
        Objects.requireNonNull(stack, "stack");
        Objects.requireNonNull(notDeployable, "notDeployable");
        apps = List.copyOf(apps);
        if (deployable == notDeployable.isPresent()) {
            throw new IllegalArgumentException("a reason is given exactly when the app is not deployable");
        }
    }

    /** A stack HiveMind deploys. */
    static Analysis deployable(TechStack stack) {
        return new Analysis(Optional.of(stack), true, Optional.empty(), List.of());
    }

    /** A stack HiveMind recognizes and describes, but does not deploy. */
    static Analysis notDeployable(TechStack stack, NotDeployable why) {
        return new Analysis(Optional.of(stack), false, Optional.of(why), List.of());
    }

    /** A monorepo's root: no app itself, the apps below it. */
    static Analysis monorepo(List<App> apps) {
        return new Analysis(Optional.empty(), false, Optional.of(new NotDeployable("this directory is not an app "
                + "itself but holds " + apps.size() + (apps.size() == 1 ? " app" : " apps"), "Choose one with "
                + "--app-dir" + apps.stream().findFirst().map(app -> ", e.g. --app-dir " + app.path()).orElse(""))),
                apps);
    }

    public boolean monorepo() {
        return stack.isEmpty();
    }

    /** Whether the port was declared by the app rather than taken from its framework's default. */
    public boolean portDeclared() {
        return stack.map(PortSources::declared).orElse(false);
    }

    /**
     * Why HiveMind does not deploy it, and what to do instead.
     *
     * @param reason      e.g. {@code HiveMind does not deploy Ruby apps; it deploys Node.js, ...}
     * @param remediation e.g. {@code Deploy it with a tool made for Ruby (Kamal, Capistrano or a Ruby buildpack)}
     */
    public record NotDeployable(String reason, String remediation) {
    }

    /**
     * One app of a monorepo.
     *
     * @param path       relative to the analysed root, with forward slashes
     * @param port       the port it declares or its framework's default
     * @param deployable whether HiveMind deploys its stack
     */
    public record App(String path, String language, String framework, Optional<Integer> port, boolean deployable) {
    }
}
