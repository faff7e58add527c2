package dev.hivemind.target.local;

import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory;

/** Registers the {@code local} target with {@link java.util.ServiceLoader}. */
public final class LocalTargetFactory implements TargetFactory {

    @Override
    public String name() {
        return LocalTarget.NAME;
    }

    @Override
    public Target create(TargetEnvironment environment) {
        return new LocalTarget(environment.home(), environment.agentCommand());
    }
}
