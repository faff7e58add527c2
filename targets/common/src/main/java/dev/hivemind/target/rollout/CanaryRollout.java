package dev.hivemind.target.rollout;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.CanaryAnalysis.Verdict;
import dev.hivemind.api.rollout.CanaryAnalysis;
import dev.hivemind.api.rollout.RolloutPaused;
import dev.hivemind.api.rollout.RolloutPolicy.CanaryStep;
import dev.hivemind.api.rollout.RolloutPolicy;
import dev.hivemind.api.rollout.RolloutProgress;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.rollout.TrafficSample;
import dev.hivemind.api.state.ApprovalDecision;
import dev.hivemind.target.release.ReleaseRegistry.Release;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A canary beside the stable release: the canary gets each step's share of traffic, is held for the step's pause and
 * judged against stable by {@link CanaryAnalysis} over that window. A failed (or lastingly inconclusive) analysis
 * sends all traffic back to stable at once and stops the canary; passing the last step promotes it. A step without a
 * pause asks for a person's approval and, when nobody can answer now, pauses the deployment ({@link RolloutPaused})
 * with both releases running, to continue from the next step.
 */
final class CanaryRollout {
    private final TrafficControl traffic;
    private final Hold hold;

    CanaryRollout(TrafficControl traffic, Hold hold) {
        this.traffic = traffic;
        this.hold = hold;
    }

    /**
     * Rolls {@code release} out as a canary of {@code stable}.
     *
     * @param resume where an approved pause left the canary, to continue after it
     * @throws RolloutPaused       at a step without a pause nobody could approve now
     * @throws DeploymentException when the canary fails its analysis or is rejected (stable serves everything again)
     */
    TrafficControl.Promotion roll(String app, String stable, Release release, RolloutPolicy policy,
                                  Optional<RolloutProgress> resume, Progress progress) {
        String canary = release.releaseId();
        List<CanaryStep> steps = policy.canarySteps();
        int first = 0;
        if (resume.isPresent() && traffic.readyReplicas(app, canary) > 0) {
            first = resume.get().step();
            progress.line("canary " + canary + " continues after step " + first + " of " + steps.size());
        } else {
            traffic.start(app, release, policy, policy.replicas(), progress);
        }
        Step step = new Step(app, stable, canary, policy, progress);
        for (int index = first; index < steps.size() && steps.get(index).weight() < 100; index++) {
            step.run(index);
        }
        progress.rollout(step.progress(steps.size(), 100, "promoting"));
        TrafficControl.Promotion promotion = traffic.promote(app, canary, policy.drainTimeout());
        progress.rollout(step.progress(steps.size(), 100, "promoted"));
        progress.line("canary " + canary + " promoted: all traffic, " + stable + " drained (up to "
                + policy.drainTimeout().toSeconds() + " s) and stopped");
        return promotion;
    }

    /** One canary run's steps; keeps the last analysis for the progress. */
    private final class Step {
        private final String app;
        private final String stable;
        private final String canary;
        private final RolloutPolicy policy;
        private final Progress progress;
        private final CanaryAnalysis analysis;
        private Optional<String> lastAnalysis = Optional.empty();

        Step(String app, String stable, String canary, RolloutPolicy policy, Progress progress) {
            this.app = app;
            this.stable = stable;
            this.canary = canary;
            this.policy = policy;
            this.progress = progress;
            this.analysis = new CanaryAnalysis(policy.analysis());
        }

        void run(int index) {
            CanaryStep step = policy.canarySteps().get(index);
            traffic.weights(app, Map.of(stable, 100 - step.weight(), canary, step.weight()));
            progress.line("canary step " + (index + 1) + " of " + policy.canarySteps().size() + ": " + step.weight()
                    + " % of traffic to " + canary + step.pause().map(pause -> ", held " + seconds(pause))
                    .orElse(", until approved"));
            if (step.pause().isEmpty()) {
                awaitApproval(index, step);
                return;
            }
            analyse(index, step, step.pause().get());
        }

        private void analyse(int index, CanaryStep step, Duration pause) {
            for (int held = 0; ; held++) {
                progress.rollout(progress(index + 1, step.weight(), "analysing"));
                sleep(pause);
                Map<String, TrafficSample> served = traffic.traffic(app, pause);
                Verdict verdict = analysis.judge(served.getOrDefault(stable, TrafficSample.none(stable, pause)),
                        served.getOrDefault(canary, TrafficSample.none(canary, pause)));
                lastAnalysis = Optional.of("step " + (index + 1) + " (" + step.weight() + " %): " + verdict.summary());
                progress.line("canary analysis, " + lastAnalysis.get());
                switch (verdict) {
                    case Verdict.Pass pass -> {
                        progress.rollout(progress(index + 1, step.weight(), "passed"));
                        return;
                    }
                    case Verdict.Fail fail -> throw abort(index, step, "failed its analysis: "
                            + String.join("; ", fail.reasons()) + " (" + fail.figures() + ")");
                    case Verdict.Inconclusive inconclusive -> {
                        if (held >= policy.analysis().inconclusiveHolds()) {
                            throw abort(index, step, "stayed inconclusive after " + (held + 1) + " hold(s) of "
                                    + seconds(pause) + ": " + inconclusive.reason() + " (" + inconclusive.figures()
                                    + ")");
                        }
                        progress.line("holding step " + (index + 1) + " again (" + (held + 1) + " of "
                                + policy.analysis().inconclusiveHolds() + " extra holds)");
                    }
                }
            }
        }

        private void awaitApproval(int index, CanaryStep step) {
            RolloutProgress waiting = progress(index + 1, step.weight(), RolloutProgress.AWAITING_APPROVAL);
            progress.rollout(waiting);
            List<String> plan = List.of("canary " + canary + " keeps " + step.weight() + " % of traffic, stable "
                    + stable + " " + (100 - step.weight()) + " %", "then continue the canary from step " + (index + 2)
                    + " of " + policy.canarySteps().size() + " and promote it after the last");
            switch (progress.approval(plan)) {
                case ApprovalDecision.Approved approved -> progress.rollout(progress(index + 1, step.weight(), "approved"));
                case ApprovalDecision.Rejected rejected -> throw abort(index, step, "was rejected at the pause: "
                        + rejected.reason());
                case ApprovalDecision.Deferred deferred -> throw new RolloutPaused(waiting, plan);
            }
        }

        private DeploymentException abort(int index, CanaryStep step, String why) {
            traffic.weights(app, Map.of(stable, 100));
            traffic.stop(app, canary);
            String message = "canary " + canary + " " + why + "; aborted at step " + (index + 1) + " of "
                    + policy.canarySteps().size() + " (" + step.weight() + " %): all traffic is back on " + stable
                    + " and the canary is stopped";
            progress.rollout(progress(index + 1, 0, "aborted"));
            progress.line(message);
            return DeploymentException.aborted(Agent.DEPLOYER, message, "Canary analysis of release " + canary + " of "
                    + app + " against " + stable, "Fix the release (its log: hivemind logs " + app + ") and deploy "
                    + "again; the thresholds are canary.analysis in hivemind.yaml (docs/strategies.md)");
        }

        RolloutProgress progress(int number, int weight, String phase) {
            return new RolloutProgress(Strategy.CANARY, number, policy.canarySteps().size(), weight, phase,
                    lastAnalysis);
        }

        private void sleep(Duration pause) {
            try {
                hold.hold(pause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                traffic.weights(app, Map.of(stable, 100));
                traffic.stop(app, canary);
                throw new DeploymentException(Agent.DEPLOYER, "interrupted during the canary of " + canary
                        + "; all traffic is back on " + stable + " and the canary is stopped", "Canary of " + app,
                        "Deploy again");
            }
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }
}
