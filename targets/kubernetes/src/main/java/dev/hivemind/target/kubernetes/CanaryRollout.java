package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.Progress;
import dev.hivemind.api.rollout.CanaryAnalysis;
import dev.hivemind.api.rollout.CanaryAnalysis.Verdict;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.Workload;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.ApprovalDecision;
import io.fabric8.kubernetes.api.model.gatewayapi.v1.HTTPRoute;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A canary on a cluster: the stable Deployment keeps serving while a canary Deployment of the new release takes a
 * growing share of the traffic, by a Gateway API HTTPRoute's weights when the cluster has HTTPRoutes and a Gateway
 * in the namespace, else by the ratio of the two Deployments' pods behind the app's Service. Each step is held for
 * its pause and judged by {@link CanaryAnalysis} on {@link TrafficProbe} samples of both sides; a failing step (or
 * one inconclusive more often than allowed) aborts: the canary is deleted and stable takes all traffic again. After
 * the last step the stable Deployment is updated to the new release and the canary removed. A step without a pause
 * waits for a person's approval: nobody able to answer now, the deployment pauses ({@link RolloutPaused}) with the
 * canary kept at its share, to continue from the next step once approved.
 */
final class CanaryRollout {
    static final String STABLE = "stable";
    static final String CANARY = "canary";

    private final Rollouts rollouts;
    private final ObjectApplier applier;
    private final RolloutWait wait;
    private final TrafficProbe probe;
    private final RolloutWait.Pause pause;
    private final Optional<String> gateway;
    private final Progress progress;
    private Optional<String> lastAnalysis = Optional.empty();

    CanaryRollout(Rollouts rollouts, ObjectApplier applier, RolloutWait wait, TrafficProbe probe,
                  RolloutWait.Pause pause, Optional<String> gateway, Progress progress) {
        this.rollouts = rollouts;
        this.applier = applier;
        this.wait = wait;
        this.probe = probe;
        this.pause = pause;
        this.gateway = gateway;
        this.progress = progress;
    }

    /**
     * Rolls the plan's release out as a canary of the stable Deployment.
     *
     * @throws RolloutPaused       at a step without a pause that nobody could approve now: the canary keeps its
     *                             pods and share, and a run with {@link RolloutPlan#resume()} continues after it
     * @throws DeploymentException when the canary fails, or is rejected at a pause (stable serves everything again)
     */
    void run(RolloutPlan plan) {
        String stable = plan.app() + "-" + STABLE;
        String canary = plan.app() + "-" + CANARY;
        applier.apply(AppManifests.service(plan.settings(), stable, Map.of(Workload.TRACK, STABLE)));
        applier.apply(AppManifests.service(plan.settings(), canary, Map.of(Workload.TRACK, CANARY)));
        if (rollouts.runningImage(plan.namespace(), stable).isEmpty() || plan.previous().isEmpty()) {
            progress.line("no stable release runs yet: release " + plan.release().releaseId() + " becomes stable "
                    + "without a canary");
            promote(plan, stable, canary);
            return;
        }
        applier.apply(AppManifests.service(plan.settings(), plan.app(), Map.of()));
        List<CanaryStep> steps = plan.policy().canarySteps();
        int first = 0;
        if (plan.resume().isPresent()) {
            if (rollouts.runsRelease(plan.namespace(), canary, plan.release().releaseId())) {
                first = plan.resume().get().step();
                progress.line("canary " + canary + " continues after step " + first + " of " + steps.size()
                        + ", approved");
            } else {
                progress.line("the canary of release " + plan.release().releaseId() + " no longer runs: it "
                        + "starts again from step 1");
            }
        }
        CanaryAnalysis analysis = new CanaryAnalysis(plan.policy().analysis());
        for (int index = first; index < steps.size() && steps.get(index).weight() < 100; index++) {
            step(plan, analysis, index, stable, canary);
        }
        progress.rollout(progress(plan, steps.size(), 100, "promoting"));
        promote(plan, stable, canary);
        progress.rollout(progress(plan, steps.size(), 100, "promoted"));
    }

    /** Step {@code index}: the canary on its share of the pods, routed, then analysed or held for an approval. */
    private void step(RolloutPlan plan, CanaryAnalysis analysis, int index, String stable, String canary) {
        CanaryStep each = plan.policy().canarySteps().get(index);
        int number = index + 1;
        int total = plan.settings().replicas();
        int pods = Math.max(1, (int) Math.ceil(total * each.weight() / 100.0));
        applier.apply(plan.deployment(plan.settings(), plan.workload(canary, CANARY, plan.release(), pods)));
        try {
            wait.rolledOut(plan.namespace(), canary, plan.timeout(), progress);
        } catch (RolloutWait.RolloutFailure failure) {
            throw rollouts.aborted(plan, failure, () -> abort(plan, canary));
        }
        route(plan, stable, canary, each.weight());
        progress.line("canary step " + number + " of " + plan.policy().canarySteps().size() + ": "
                + weighting(each.weight(), pods, total) + each.pause().map(pause -> "").orElse(", until approved"));
        if (each.pause().isEmpty()) {
            awaitApproval(plan, number, each, stable, canary);
            return;
        }
        progress.rollout(progress(plan, number, each.weight(), "analysing"));
        Verdict verdict = judged(plan, analysis, each, stable, canary);
        lastAnalysis = Optional.of("step " + number + " (" + each.weight() + " %): " + verdict.summary());
        progress.line("canary step " + number + " analysis: " + verdict.summary());
        if (!(verdict instanceof Verdict.Pass)) {
            progress.rollout(progress(plan, number, 0, "aborted"));
            throw rollouts.aborted(plan, new RolloutWait.RolloutFailure("the canary failed its analysis at "
                    + each.weight() + " %: " + verdict.summary()), () -> abort(plan, canary));
        }
        progress.rollout(progress(plan, number, each.weight(), "passed"));
    }

    /**
     * A step without a pause: asks for a person's approval; deferred, the deployment pauses with the canary kept at
     * its share; rejected, stable takes all traffic again.
     */
    private void awaitApproval(RolloutPlan plan, int number, CanaryStep step, String stable, String canary) {
        int steps = plan.policy().canarySteps().size();
        RolloutProgress waiting = progress(plan, number, step.weight(), RolloutProgress.AWAITING_APPROVAL);
        progress.rollout(waiting);
        List<String> next = List.of("Deployment " + canary + " keeps release " + plan.release().releaseId() + " at "
                + step.weight() + " % of the traffic, " + stable + " the rest", "then continue the canary from step "
                + (number + 1) + " of " + steps + " and promote it after the last");
        switch (progress.approval(next)) {
            case ApprovalDecision.Approved approved -> progress.rollout(progress(plan, number, step.weight(),
                    "approved"));
            case ApprovalDecision.Rejected rejected -> {
                abort(plan, canary);
                progress.rollout(progress(plan, number, 0, "aborted"));
                String message = "canary " + plan.release().releaseId() + " was rejected at the pause: "
                        + rejected.reason() + "; aborted at step " + number + " of " + steps + " (" + step.weight()
                        + " %): all traffic is back on " + stable + " and the canary is scaled to 0";
                progress.line(message);
                throw DeploymentException.aborted(Agent.DEPLOYER, message, "Canary of release "
                        + plan.release().releaseId() + " of " + plan.app() + " in namespace " + plan.namespace(),
                        "Deploy again when the release is ready");
            }
            case ApprovalDecision.Deferred deferred -> {
                progress.line("canary step " + number + " waits for hivemind approve "
                        + plan.release().releaseId() + " (or hivemind reject)");
                throw new RolloutPaused(waiting, next);
            }
        }
    }

    private RolloutProgress progress(RolloutPlan plan, int step, int weight, String phase) {
        return new RolloutProgress(Strategy.CANARY, step, plan.policy().canarySteps().size(), weight, phase,
                lastAnalysis);
    }

    private String weighting(int weight, int pods, int total) {
        return gateway.map(name -> weight + " % of the traffic by HTTPRoute weights (Gateway " + name + ")")
                .orElse(pods + " canary pod(s) beside " + total + " stable: about "
                        + Math.round(100.0 * pods / (pods + total)) + " % of the traffic (asked " + weight + " %)");
    }

    /** The step held for its pause, then judged; an inconclusive verdict is held again up to the limit. */
    private Verdict judged(RolloutPlan plan, CanaryAnalysis analysis, CanaryStep step, String stable,
                           String canary) {
        int requests = Math.max(1, plan.policy().analysis().minRequests());
        Verdict verdict = null;
        for (int hold = 0; hold <= plan.policy().analysis().inconclusiveHolds(); hold++) {
            hold(step.pause().orElse(Duration.ZERO));
            String path = plan.settings().healthPath();
            TrafficSample stableSample = probe.sample(plan.namespace(), stable, path, requests,
                    plan.previous().orElseThrow().releaseId());
            TrafficSample canarySample = probe.sample(plan.namespace(), canary, path, requests,
                    plan.release().releaseId());
            verdict = analysis.judge(stableSample, canarySample);
            if (!(verdict instanceof Verdict.Inconclusive)) {
                return verdict;
            }
        }
        return verdict;
    }

    private void hold(Duration duration) {
        if (duration.isZero()) {
            return;
        }
        try {
            pause.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RolloutWait.RolloutFailure("interrupted during a canary step");
        }
    }

    private void route(RolloutPlan plan, String stable, String canary, int canaryWeight) {
        gateway.ifPresent(name -> {
            ObjectNode route = AppManifests.httpRoute(plan.settings(), name, Map.of(stable, 100 - canaryWeight,
                    canary, canaryWeight));
            applier.apply(route);
        });
    }

    /** The new release on the stable Deployment, the canary gone, all traffic to stable. */
    private void promote(RolloutPlan plan, String stable, String canary) {
        applier.apply(AppManifests.service(plan.settings(), plan.app(), Map.of()));
        applier.apply(plan.deployment(plan.settings(), plan.workload(stable, STABLE, plan.release(),
                plan.settings().replicas())));
        try {
            wait.rolledOut(plan.namespace(), stable, plan.timeout(), progress);
        } catch (RolloutWait.RolloutFailure failure) {
            throw rollouts.aborted(plan, failure, () -> plan.previous().ifPresent(previous -> {
                applier.apply(plan.deployment(plan.settingsOf(previous), plan.workload(stable, STABLE,
                        previous, plan.settings().replicas())));
                wait.rolledOut(plan.namespace(), stable, plan.timeout(), progress);
            }));
        }
        route(plan, stable, canary, 0);
        rollouts.scale(plan.namespace(), canary, 0);
    }

    private void abort(RolloutPlan plan, String canary) {
        route(plan, plan.app() + "-" + STABLE, canary, 0);
        rollouts.scale(plan.namespace(), canary, 0);
    }

    /**
     * Ends a canary paused for an approval that was rejected ({@code hivemind reject}): the HTTPRoute, when there is
     * one, sends all traffic to stable, and the canary is scaled to 0 when it still runs {@code releaseId}.
     */
    static void abortPaused(KubernetesClient client, String namespace, String app, String releaseId,
                            Progress progress) {
        String stable = app + "-" + STABLE;
        String canary = app + "-" + CANARY;
        if (!Rollouts.runsRelease(client, namespace, canary, releaseId)) {
            progress.line("release " + releaseId + " of " + app + " no longer runs as the canary");
            return;
        }
        var routes = client.resources(HTTPRoute.class).inNamespace(namespace).withName(app);
        if (routes.get() != null) {
            routes.edit(route -> {
                route.getSpec().getRules().forEach(rule -> rule.getBackendRefs().forEach(backend -> backend
                        .setWeight(backend.getName().equals(stable) ? 100 : 0)));
                return route;
            });
        }
        client.apps().deployments().inNamespace(namespace).withName(canary).scale(0);
        progress.line("all traffic of " + app + " is back on " + stable + "; the canary of release " + releaseId
                + " is scaled to 0");
    }
}
