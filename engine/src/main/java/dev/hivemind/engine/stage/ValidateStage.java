package dev.hivemind.engine.stage;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.PinnedCertificate;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.Target;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.ValidationPlan.SmokeTest;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.engine.NextSteps;
import dev.hivemind.engine.Outputs;
import dev.hivemind.engine.Stage;
import dev.hivemind.engine.StageContext;
import dev.hivemind.engine.StageResult;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.report.Numbers;
import dev.hivemind.engine.validate.HealthProbe;
import dev.hivemind.engine.validate.LoadSample;
import dev.hivemind.engine.validate.LoadVerdict;
import dev.hivemind.engine.validate.SmokeProbe;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * 060 validate, through the public URL as a client would: the health path (a few tries, a second apart), then the
 * smoke tests of the app's configuration, then a short load sample of the health path judged against the load
 * targets ({@link LoadVerdict}). Every check goes in the state's validation results; the first of those steps that
 * fails stops the stage with what was expected and what came back.
 */
public final class ValidateStage implements Stage {
    private final StageSettings settings;
    private final StackAnalyzer analyzer;
    private final Target target;

    public ValidateStage(StageSettings settings, StackAnalyzer analyzer, Target target) {
        this.settings = settings;
        this.analyzer = analyzer;
        this.target = target;
    }

    @Override
    public StageName name() {
        return StageName.VALIDATE;
    }

    @Override
    public StageResult execute(StageContext context) {
        DeploymentState state = context.state();
        String publicUrl = Outputs.require(state.url(), "public URL", StageName.DEPLOY, state, Agent.VALIDATOR);
        ValidationPlan plan = analyzer.validationPlan(appDirectory(state, context), state.request().environment());
        try (Target.Reach reach = state.infrastructure().map(infrastructure -> target.reach(state.app(),
                infrastructure, publicUrl)).orElseGet(() -> Target.Reach.direct(publicUrl));
             HttpClient client = client(state)) {
            reach.how().ifPresent(how -> context.info("reaching the app through " + how));
            String url = reach.url();
            HealthProbe probe = new HealthProbe(client, settings.probeTimeout());
            URI health = join(url, healthPath(state), state);
            ValidationCheck check = probeUntilHealthy(probe, health, context);
            List<ValidationCheck> checks = new ArrayList<>(List.of(check));
            if (!check.passed()) {
                return failed(state.withValidation(checks), "expected 2xx from " + health + ", " + check.detail());
            }
            context.info("health check passed: " + check.detail());
            List<ValidationCheck> smoke = smokeTests(new SmokeProbe(client, settings.probeTimeout()), url, plan,
                    context);
            checks.addAll(smoke);
            List<ValidationCheck> smokeFailures = smoke.stream().filter(test -> !test.passed()).toList();
            if (!smokeFailures.isEmpty()) {
                return failed(state.withValidation(checks), smokeFailures.size() + " of " + smoke.size()
                        + " smoke tests failed: " + describe(smokeFailures));
            }
            return loadSample(new LoadSample(probe, context.clock(), context.sleeper()), health, plan, checks,
                    context);
        }
    }

    private List<ValidationCheck> smokeTests(SmokeProbe probe, String url, ValidationPlan plan,
                                             StageContext context) {
        List<ValidationCheck> checks = new ArrayList<>();
        for (SmokeTest test : plan.smoke()) {
            ValidationCheck check = probe.request(join(url, test.path(), context.state()), test);
            context.progress().line("smoke GET " + check.url() + ": " + (check.passed() ? "passed" : "FAILED")
                    + ", " + check.detail());
            checks.add(check);
        }
        return checks;
    }

    private StageResult loadSample(LoadSample sample, URI health, ValidationPlan plan, List<ValidationCheck> checks,
                                   StageContext context) {
        int requests = plan.load().requests().orElse(settings.loadRequests());
        double rate = plan.load().rate().orElse(settings.loadRate());
        context.progress().line("load sample: " + requests + " requests to " + health + " at "
                + Numbers.plain(rate) + "/s");
        List<LoadVerdict> verdicts = LoadVerdict.of(sample.run(health, requests, rate), plan.load(), health);
        verdicts.stream().filter(LoadVerdict::warning).forEach(verdict -> context.warn(verdict.check().detail()));
        List<ValidationCheck> load = verdicts.stream().map(LoadVerdict::check).toList();
        load.forEach(check -> context.progress().line(check.name() + ": " + check.detail()));
        checks.addAll(load);
        DeploymentState checked = context.state().withValidation(checks);
        List<ValidationCheck> missed = load.stream().filter(check -> !check.passed()).toList();
        if (!missed.isEmpty()) {
            return failed(checked, "the load sample missed its targets: " + describe(missed));
        }
        context.info("load sample: " + load.stream().map(ValidationCheck::detail).collect(Collectors.joining("; ")));
        return StageResult.completed(checked);
    }

    /**
     * The probes' client; when the target serves HTTPS with its own certificate (infrastructure property
     * {@link Infrastructure#TLS_CERTIFICATE}), it trusts exactly that certificate.
     */
    private HttpClient client(DeploymentState state) {
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(settings.probeTimeout())
                .followRedirects(HttpClient.Redirect.NEVER);
        state.infrastructure().map(infrastructure -> infrastructure.properties().get(Infrastructure.TLS_CERTIFICATE))
                .ifPresent(certificate -> builder.sslContext(PinnedCertificate.sslContext(Path.of(certificate))));
        return builder.build();
    }

    private static String describe(List<ValidationCheck> failures) {
        return failures.stream().map(check -> check.name() + " (" + check.url() + ") " + check.detail())
                .collect(Collectors.joining("; "));
    }

    private static StageResult failed(DeploymentState checked, String message) {
        String id = checked.deploymentId();
        return new StageResult.Failed(checked, new DeploymentException(Agent.VALIDATOR, message,
                "Validating app '" + checked.app() + "' through its public URL",
                "See what the app printed with `hivemind logs " + id + "`" + (NextSteps.canRollBack(checked)
                        ? "; go back to the previous release with `hivemind rollback " + checked.app() + "`"
                        : "; it is the app's first release, so there is none to go back to: fix the app and deploy "
                        + "again")));
    }

    /** The app's directory, where its configuration names the smoke tests and load targets. */
    private static Path appDirectory(DeploymentState state, StageContext context) {
        return AppSource.appDirectory(AppSource.fetchedDirectory(state, context.paths()), state.request().appDir());
    }

    private ValidationCheck probeUntilHealthy(HealthProbe probe, URI target, StageContext context) {
        ValidationCheck check = probe.request(target);
        for (int attempt = 2; attempt <= settings.probeAttempts() && !check.passed(); attempt++) {
            context.progress().line("GET " + target + ": " + check.detail() + "; trying again");
            pause(context, target);
            check = probe.request(target);
        }
        return check;
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
