package dev.hivemind.target.aws;

import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory;

/** Registers the {@code aws} target with {@link java.util.ServiceLoader}. */
public final class AwsTargetFactory implements TargetFactory {

    @Override
    public String name() {
        return AwsTarget.NAME;
    }

    @Override
    public Target create(TargetEnvironment environment) {
        return new AwsTarget(environment.home(), environment.agentProgram(), environment.variables());
    }
}
