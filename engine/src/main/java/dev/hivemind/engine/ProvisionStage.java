package dev.hivemind.engine;

import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Resource;
import dev.hivemind.api.StageName;
import dev.hivemind.api.Target;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** 030 provision: has the target create what the app runs on, and records it for destroy. */
final class ProvisionStage implements Stage {
    private final Target target;

    ProvisionStage(Target target) {
        this.target = target;
    }

    @Override
    public StageName name() {
        return StageName.PROVISION;
    }

    /** The target's dry run: what it creates and starts, then how the release is started and traffic moves. */
    @Override
    public List<String> plan(DeploymentState state) {
        return target.plan(new Target.ProvisionRequest(state.app(), state.deploymentId(), state.request()));
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        context.info("provisioning app '" + state.app() + "' on target " + target.name());
        Infrastructure infrastructure = target.provision(
                new Target.ProvisionRequest(state.app(), state.deploymentId(), state.request()), context.progress());
        for (Resource resource : infrastructure.resources()) {
            context.info("resource " + resource.type() + " " + resource.id() + ": " + resource.description());
        }
        Map<String, String> sorted = new TreeMap<>(infrastructure.properties());
        if (!sorted.isEmpty()) {
            context.info("infrastructure " + sorted);
        }
        context.info("the app will be served at " + target.publicUrl(infrastructure));
        double cost = target.estimatedCostPerMonth(infrastructure);
        context.info("estimated cost: " + Numbers.dollars(cost) + " a month on target " + target.name());
        return StageResult.completed(state.withInfrastructure(infrastructure).withEstimatedCostPerMonth(cost));
    }
}
