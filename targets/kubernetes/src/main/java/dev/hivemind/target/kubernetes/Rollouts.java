package dev.hivemind.target.kubernetes;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.DeploymentException;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import dev.hivemind.target.kubernetes.manifest.Workload;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Rolling and blue-green rollouts on a cluster ({@link CanaryRollout} is the canary's), and the switch back to an
 * earlier release. A rollout that fails is aborted and the previous release serves again before the error is
 * raised.
 */
final class Rollouts {
    static final String BLUE = "blue";
    static final String GREEN = "green";
    static final String MAIN = "main";

    private final KubernetesClient client;
    private final ObjectApplier applier;
    private final RolloutWait wait;
    private final Progress progress;

    Rollouts(KubernetesClient client, ObjectApplier applier, RolloutWait wait, Progress progress) {
        this.client = client;
        this.applier = applier;
        this.wait = wait;
        this.progress = progress;
    }

    /** The names of the Deployments that serve after a rollout of {@code strategy}. */
    static Set<String> deploymentsOf(String app, Strategy strategy) {
        return switch (strategy) {
            case BLUE_GREEN -> Set.of(app + "-" + BLUE, app + "-" + GREEN);
            case CANARY -> Set.of(app + "-" + CanaryRollout.STABLE);
            case ROLLING, RECREATE -> Set.of(app);
        };
    }

    /** The Deployment's own rolling update, with the surge and unavailability of {@link RolloutPlan#workload}. */
    void rolling(RolloutPlan plan) {
        Workload workload = plan.workload(plan.app(), MAIN, plan.release(), plan.settings().replicas());
        applier.apply(AppManifests.service(plan.settings(), plan.app(), Map.of()));
        applier.apply(plan.deployment(plan.settings(), workload));
        try {
            wait.rolledOut(plan.namespace(), plan.app(), plan.timeout(), progress);
        } catch (RolloutWait.RolloutFailure failure) {
            throw aborted(plan, failure, () -> plan.previous().ifPresent(previous -> {
                applier.apply(plan.deployment(plan.settingsOf(previous), plan.workload(plan.app(), MAIN,
                        previous, plan.settings().replicas())));
                wait.rolledOut(plan.namespace(), plan.app(), plan.timeout(), progress);
            }));
        }
    }

    /**
     * A second Deployment in the colour not serving; the Service's selector is switched to it once all its pods are
     * ready. The other colour keeps running, for a rollback.
     */
    void blueGreen(RolloutPlan plan) {
        Optional<String> active = activeColour(plan.namespace(), plan.app());
        String next = active.filter(BLUE::equals).map(colour -> GREEN).orElse(BLUE);
        String name = plan.app() + "-" + next;
        progress.line(active.map(colour -> colour + " serves; ").orElse("") + "starting release "
                + plan.release().releaseId() + " as " + next);
        applier.apply(plan.deployment(plan.settings(), plan.workload(name, next, plan.release(),
                plan.settings().replicas())));
        try {
            wait.rolledOut(plan.namespace(), name, plan.timeout(), progress);
        } catch (RolloutWait.RolloutFailure failure) {
            throw aborted(plan, failure, () -> scale(plan.namespace(), name, 0));
        }
        switchTo(plan, next);
    }

    /** Points the app's Service at {@code colour}'s pods. */
    void switchTo(RolloutPlan plan, String colour) {
        applier.apply(AppManifests.service(plan.settings(), plan.app(), Map.of(Workload.TRACK, colour)));
        progress.line("Service " + plan.app() + " now selects the " + colour + " pods");
    }

    /** The colour the app's Service selects, when it selects one. */
    Optional<String> activeColour(String namespace, String app) {
        Service service = client.services().inNamespace(namespace).withName(app).get();
        return Optional.ofNullable(service).map(found -> found.getSpec().getSelector())
                .map(selector -> selector.get(Workload.TRACK)).filter(track -> track.equals(BLUE)
                        || track.equals(GREEN));
    }

    /** The image {@code name} runs now, when it exists and has pods. */
    Optional<String> runningImage(String namespace, String name) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return Optional.ofNullable(deployment).filter(found -> Optional.ofNullable(found.getSpec().getReplicas())
                .orElse(1) > 0).map(found -> found.getSpec().getTemplate().getSpec().getContainers().getFirst()
                .getImage());
    }

    /** Whether {@code name} exists with pods of release {@code releaseId}, some of them ready. */
    boolean runsRelease(String namespace, String name, String releaseId) {
        return runsRelease(client, namespace, name, releaseId);
    }

    static boolean runsRelease(KubernetesClient client, String namespace, String name, String releaseId) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        return deployment != null && Optional.ofNullable(deployment.getSpec().getReplicas()).orElse(1) > 0
                && releaseId.equals(deployment.getSpec().getTemplate().getMetadata().getLabels().get(Workload.RELEASE))
                && deployment.getStatus() != null && Optional.ofNullable(deployment.getStatus().getReadyReplicas())
                .orElse(0) > 0;
    }

    void scale(String namespace, String name, int replicas) {
        Deployment deployment = client.apps().deployments().inNamespace(namespace).withName(name).get();
        if (deployment != null) {
            client.apps().deployments().inNamespace(namespace).withName(name).scale(replicas);
            progress.line("Deployment " + name + " scaled to " + replicas);
        }
    }

    /** Deletes the app's Deployments and Services that the strategy that now serves does not use. */
    void removeOthers(String namespace, String app, Set<String> deployments, Set<String> services) {
        List<Deployment> stale = client.apps().deployments().inNamespace(namespace)
                .withLabel(AppManifests.MANAGED_BY, "hivemind").withLabel("app.kubernetes.io/name", app).list()
                .getItems().stream().filter(found -> !deployments.contains(found.getMetadata().getName())).toList();
        stale.forEach(found -> {
            client.resource(found).delete();
            progress.line("deleted Deployment " + found.getMetadata().getName() + " (another strategy's)");
        });
        client.services().inNamespace(namespace).withLabel(AppManifests.MANAGED_BY, "hivemind")
                .withLabel("app.kubernetes.io/name", app).list().getItems().stream()
                .filter(found -> !services.contains(found.getMetadata().getName())).forEach(found -> {
                    client.resource(found).delete();
                    progress.line("deleted Service " + found.getMetadata().getName());
                });
    }

    /** Runs {@code undo} (the previous release back), then the error that says what failed and what serves. */
    DeploymentException aborted(RolloutPlan plan, RuntimeException failure, Runnable undo) {
        String back;
        try {
            undo.run();
            back = plan.previous().map(previous -> "release " + previous.releaseId() + " serves again")
                    .orElse("no earlier release to go back to");
        } catch (RuntimeException undoFailed) {
            back = "going back failed too: " + undoFailed.getMessage();
        }
        progress.line("rollout of " + plan.release().releaseId() + " aborted: " + back);
        return new DeploymentException(Agent.DEPLOYER, failure.getMessage() + "; the rollout was aborted and "
                + back, "Rolling out release " + plan.release().releaseId() + " of " + plan.app() + " in namespace "
                + plan.namespace(), "See why its pods did not become ready: hivemind status " + plan.app()
                + " and hivemind logs " + plan.app() + " (kubectl -n " + plan.namespace() + " describe pods -l "
                + Workload.RELEASE + "=" + plan.release().releaseId() + ")", failure);
    }
}
