package dev.hivemind.engine.stage;

import dev.hivemind.api.Target;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** 000 init: checks the request kept in the state against this run, and records what will be deployed. */
public final class InitStage implements Stage {
    private final Target target;

    public InitStage(Target target) {
        this.target = Objects.requireNonNull(target, "target");
    }

    @Override
    public StageName name() {
        return StageName.INIT;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        List<String> problems = problems(state);
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Agent.CONDUCTOR, String.join("; ", problems),
                    "Checking the request of deployment " + state.deploymentId(),
                    "Deploy again with a corrected command line; `hivemind deploy --help` lists the options");
        }
        DeployRequest request = state.request();
        context.info("deploying app '" + state.app() + "' from " + state.repoUrl()
                + request.appDir().map(dir -> " (app directory " + dir + ")").orElse("")
                + " to target " + state.target() + " with strategy " + state.strategy());
        context.info("public port " + request.requestedPort().map(String::valueOf).orElse("chosen by the target")
                + ", listening on " + (request.publicBind() ? "every interface" : "127.0.0.1 only")
                + ", " + context.environment().size() + " environment value(s) stored apart from the state");
        return StageResult.completed(state);
    }

    private List<String> problems(DeploymentState state) {
        List<String> problems = new ArrayList<>();
        DeployRequest request = state.request();
        if (!state.target().equals(target.name())) {
            problems.add("deployment targets '" + state.target() + "' but this run drives target '"
                    + target.name() + "'");
        }
        if (state.strategy() != request.strategy()) {
            problems.add("strategy " + state.strategy() + " differs from the request's " + request.strategy());
        }
        if (!state.repoUrl().equals(request.source())) {
            problems.add("repo_url " + state.repoUrl() + " differs from the request's source " + request.source());
        }
        try {
            AppSource.location(request);
        } catch (HiveMindException invalidSource) {
            problems.add(invalidSource.getMessage());
        }
        request.appDir().filter(dir -> dir.isBlank() || Path.of(dir).isAbsolute() || dir.contains(".."))
                .ifPresent(dir -> problems.add("app directory '" + dir + "' must be a relative path inside the "
                        + "repository"));
        request.requestedPort().filter(port -> port < 1 || port > 65535)
                .ifPresent(port -> problems.add("port " + port + " is not a TCP port (1-65535)"));
        return problems;
    }
}
