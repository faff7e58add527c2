package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.Progress;
import dev.hivemind.api.rollout.CanaryAnalysis;
import dev.hivemind.api.rollout.CanaryAnalysis.Verdict;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.Workload;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * A canary on a cluster: the stable Deployment keeps serving while a canary Deployment of the new release takes a
 * growing share of the traffic, by a Gateway API HTTPRoute's weights when the cluster has HTTPRoutes and a Gateway
 * in the namespace, else by the ratio of the two Deployments' pods behind the app's Service. Each step is held for
 * its pause and judged by {@link CanaryAnalysis} on {@link TrafficProbe} samples of both sides; a failing step (or
 * one inconclusive more often than allowed) aborts: the canary is deleted and stable takes all traffic again. After
 * the last step the stable Deployment is updated to the new release and the canary removed.
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
        int total = plan.settings().replicas();
        CanaryAnalysis analysis = new CanaryAnalysis(plan.policy().analysis());
        int step = 0;
        for (CanaryStep each : plan.policy().canarySteps()) {
            step++;
            if (each.weight() >= 100) {
                break;
            }
            int pods = Math.max(1, (int) Math.ceil(total * each.weight() / 100.0));
            applier.apply(plan.deployment(plan.settings(), plan.workload(canary, CANARY, plan.release(),
                    pods)));
            try {
                wait.rolledOut(plan.namespace(), canary, plan.timeout(), progress);
            } catch (RolloutWait.RolloutFailure failure) {
                throw rollouts.aborted(plan, failure, () -> abort(plan, canary));
            }
            route(plan, stable, canary, each.weight());
            progress.line("canary step " + step + " of " + plan.policy().canarySteps().size() + ": "
                    + weighting(each.weight(), pods, total));
            Verdict verdict = judged(plan, analysis, each, stable, canary);
            progress.line("canary step " + step + " analysis: " + verdict.summary());
            if (!(verdict instanceof Verdict.Pass)) {
                throw rollouts.aborted(plan, new RolloutWait.RolloutFailure("the canary failed its analysis at "
                        + each.weight() + " %: " + verdict.summary()), () -> abort(plan, canary));
            }
        }
        promote(plan, stable, canary);
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
}
