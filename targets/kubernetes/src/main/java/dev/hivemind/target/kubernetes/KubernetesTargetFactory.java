package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Target;
import dev.hivemind.api.TargetFactory;

/** {@code --target kubernetes}: the user's kubeconfig, from the environment HiveMind runs in. */
public final class KubernetesTargetFactory implements TargetFactory {
    @Override
    public String name() {
        return KubernetesTarget.NAME;
    }

    @Override
    public Target create(TargetEnvironment environment) {
        return new KubernetesTarget(environment.home(), ClusterAccess.kubeconfig(environment.variables()),
                environment.variables());
    }
}
