package dev.hivemind.target.ssh;

import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory;

/** Registers the {@code ssh} target with {@link java.util.ServiceLoader}. */
public final class SshTargetFactory implements TargetFactory {

    @Override
    public String name() {
        return SshTarget.NAME;
    }

    @Override
    public Target create(TargetEnvironment environment) {
        return new SshTarget(environment.home(), environment.agentProgram());
    }
}
