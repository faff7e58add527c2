package dev.hivemind.engine.stage;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Resource;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.report.Numbers;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * 030 provision: has the target create what the app runs on, and records it for destroy; then the app's database:
 * the {@code DATABASE_URL} given, or a private PostgreSQL the target runs, or a stop before anything is created when
 * the app needs a server HiveMind does not run ({@link DatabaseChoice}).
 */
public final class ProvisionStage implements Stage {
    private final Target target;

    public ProvisionStage(Target target) {
        this.target = target;
    }

    @Override
    public StageName name() {
        return StageName.PROVISION;
    }

    /** The target's dry run: what it creates and starts, then how the release is started and traffic moves. */
    @Override
    public List<String> plan(DeploymentState state) {
        return plan(state, Map.of());
    }

    @Override
    public List<String> plan(DeploymentState state, Map<String, String> environment) {
        List<String> plan = new ArrayList<>(target.plan(new Target.ProvisionRequest(state.app(), state.deploymentId(),
                state.request(), state.techStack(), environment.containsKey(DatabaseChoice.VARIABLE))));
        // a target that runs the app's PostgreSQL elsewhere (aws: RDS) has it in its own plan above
        state.techStack().filter(TechStack::databaseNeedsServer).filter(stack -> !(target.providesPostgres()
                && stack.databaseType().filter(DatabaseChoice.POSTGRESQL::equals).isPresent()))
                .ifPresent(stack -> plan.add(stack.databaseType()
                .filter(DatabaseChoice.POSTGRESQL::equals).map(engine -> "create (or start) the private PostgreSQL "
                        + "of " + state.app() + " with its role, database and generated password, unless "
                        + DatabaseChoice.VARIABLE + " is given").orElse("connect the app to the "
                        + DatabaseChoice.VARIABLE + " you give")));
        return plan;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        DatabaseChoice database = state.techStack().map(stack -> DatabaseChoice.of(stack, context.environment()))
                .orElseGet(DatabaseChoice.None::new);
        if (database instanceof DatabaseChoice.Unsupported unsupported) {
            throw unsupported.error(state.app());
        }
        context.info("provisioning app '" + state.app() + "' on target " + target.name());
        Infrastructure infrastructure = target.provision(
                new Target.ProvisionRequest(state.app(), state.deploymentId(), state.request(), state.techStack(),
                        database instanceof DatabaseChoice.Supplied),
                context.progress());
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
        return StageResult.completed(state.withInfrastructure(infrastructure).withEstimatedCostPerMonth(cost)
                .withDatabase(database(database, state, context)));
    }

    private Optional<DatabaseInfo> database(DatabaseChoice choice, DeploymentState state, StageContext context) {
        String app = state.app();
        return switch (choice) {
            case DatabaseChoice.None none -> Optional.empty();
            case DatabaseChoice.Unsupported unsupported -> throw unsupported.error(app);
            case DatabaseChoice.Supplied supplied -> {
                context.info("the app uses the " + DatabaseChoice.VARIABLE + " given (" + supplied.info().engine()
                        + " on " + supplied.info().host() + ":" + supplied.info().port() + ", database "
                        + supplied.info().database() + "); HiveMind does not run it");
                yield Optional.of(supplied.info());
            }
            case DatabaseChoice.Provisioned provisioned -> {
                TechStack stack = state.techStack().orElseThrow();
                DatabaseInfo info = target.provisionDatabase(new Target.DatabaseRequest(app, provisioned.engine(),
                        stack.databaseName(), stack.databaseVersion()), context.progress());
                context.info("database " + info.database() + " of " + info.engine() + " on " + info.host() + ":"
                        + info.port() + " for role " + info.role() + info.dataDirectory().map(dir -> ", data in "
                        + dir).orElse("") + "; the app gets " + DatabaseChoice.VARIABLE + " (password in "
                        + info.passwordFile().orElse("the target") + ")");
                yield Optional.of(info);
            }
        };
    }
}
