package dev.hivemind.target.kubernetes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hivemind.api.Progress;
import dev.hivemind.target.kubernetes.manifest.AppManifests;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.NonDeletingOperation;
import java.util.Optional;

/**
 * Applies HiveMind's objects to a cluster: server-side apply with field manager {@code hivemind} (forcing HiveMind's
 * fields back if someone changed them), or create-or-update when the API server refuses server-side apply. Each
 * object gets the deployment's label before it goes. What the objects hold (a Secret's values) is never printed:
 * progress names kind, namespace and name only.
 */
final class ObjectApplier {
    static final String FIELD_MANAGER = "hivemind";
    static final String DEPLOYMENT = "hivemind.dev/deployment";

    private final KubernetesClient client;
    private final String deploymentId;
    private final Progress progress;
    private Optional<Boolean> serverSide = Optional.empty();

    ObjectApplier(KubernetesClient client, String deploymentId, Progress progress) {
        this.client = client;
        this.deploymentId = deploymentId;
        this.progress = progress;
    }

    /** Applies {@code object} and returns what the server holds afterwards. */
    HasMetadata apply(ObjectNode object) {
        ObjectNode labelled = object.deepCopy();
        ((ObjectNode) labelled.get("metadata")).with("labels").put(DEPLOYMENT, deploymentId)
                .put(AppManifests.MANAGED_BY, "hivemind");
        HasMetadata item = client.getKubernetesSerialization().unmarshal(labelled.toString());
        HasMetadata applied = serverSide.orElse(true) ? serverSideApply(item) : createOrUpdate(item);
        progress.line("applied " + describe(item));
        return applied;
    }

    private HasMetadata serverSideApply(HasMetadata item) {
        try {
            HasMetadata applied = client.resource(item).fieldManager(FIELD_MANAGER).forceConflicts().serverSideApply();
            serverSide = Optional.of(true);
            return applied;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                // an API server that creates nothing on apply (fabric8's mock) answers 404 for a new object
                return client.resource(item).create();
            }
            if (serverSide.isPresent() || !refusesApply(e)) {
                throw e;
            }
            progress.line("the API server does not take server-side apply (HTTP " + e.getCode()
                    + "): creating or updating instead");
            serverSide = Optional.of(false);
            return createOrUpdate(item);
        }
    }

    private static boolean refusesApply(KubernetesClientException e) {
        return e.getCode() == 415 || e.getCode() == 405 || e.getCode() == 400 || e.getCode() == 422
                || e.getCode() == 500;
    }

    private HasMetadata createOrUpdate(HasMetadata item) {
        item.getMetadata().setResourceVersion(null);
        return client.resource(item).createOr(NonDeletingOperation::update);
    }

    /** Whether the objects went by server-side apply (empty before the first). */
    Optional<Boolean> serverSide() {
        return serverSide;
    }

    static String describe(HasMetadata item) {
        String namespace = item.getMetadata().getNamespace();
        return item.getKind() + " " + (namespace == null ? "" : namespace + "/") + item.getMetadata().getName();
    }
}
