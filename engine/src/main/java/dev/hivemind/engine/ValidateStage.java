package dev.hivemind.engine;

import dev.hivemind.api.Agent;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.DeploymentException;
import dev.hivemind.api.DeploymentState;
import dev.hivemind.api.StageName;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;

/**
 * 060 validate: requests the health path through the public URL, as a client would, a few times a second apart;
 * records what came back, and fails when no attempt got a 2xx.
 */
final class ValidateStage implements Stage {
    private final StageSettings settings;

    ValidateStage(StageSettings settings) {
        this.settings = settings;
    }

    @Override
    public StageName name() {
        return StageName.VALIDATE;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        String url = Outputs.require(state.url(), "public URL", StageName.DEPLOY, state, Agent.VALIDATOR);
        URI target = join(url, healthPath(state), state);
        ValidationCheck check = probeUntilHealthy(target, context);
        DeploymentState checked = state.withValidation(List.of(check));
        if (check.passed()) {
            context.info("health check passed: " + check.detail());
            return StageResult.completed(checked);
        }
        String id = state.deploymentId();
        return new StageResult.Failed(checked, new DeploymentException(Agent.VALIDATOR,
                "expected 2xx from " + target + ", " + check.detail(),
                "Validating app '" + state.app() + "' through its public URL",
                "See what the app printed with `hivemind logs " + id + "`; go back to the previous release with "
                        + "`hivemind rollback " + state.app() + "`"));
    }

    private ValidationCheck probeUntilHealthy(URI target, StageContext context) {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(settings.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build()) {
            HealthProbe probe = new HealthProbe(client, settings.probeTimeout());
            ValidationCheck check = probe.request(target);
            for (int attempt = 2; attempt <= settings.probeAttempts() && !check.passed(); attempt++) {
                context.progress().line("GET " + target + ": " + check.detail() + "; trying again");
                pause(context, target);
                check = probe.request(target);
            }
            return check;
        }
    }

    private void pause(StageContext context, URI target) {
        try {
            context.sleeper().sleep(settings.probeInterval());
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new DeploymentException(Agent.VALIDATOR, "interrupted while validating " + target,
                    "Validating the app through its public URL", "Continue with `hivemind resume`", interrupted);
        }
    }

    private static String healthPath(DeploymentState state) {
        return state.deploymentConfig().map(DeploymentConfig::healthCheckPath)
                .or(() -> state.techStack().flatMap(TechStack::healthCheckPath))
                .orElse("/");
    }

    private static URI join(String url, String path, DeploymentState state) {
        String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        String suffix = path.startsWith("/") ? path : "/" + path;
        try {
            return URI.create(base + suffix);
        } catch (IllegalArgumentException malformed) {
            throw new DeploymentException(Agent.VALIDATOR, "'" + base + suffix + "' is not a URL the validator "
                    + "can request: " + malformed.getMessage(), "Validating app '" + state.app() + "'",
                    "Check the health path the app declares and the target's public URL", malformed);
        }
    }
}
