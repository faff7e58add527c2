package dev.hivemind.target.kubernetes.manifest;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The objects of one app, in the order they are applied: Namespace, ServiceAccount, Deployment, Service,
 * PodDisruptionBudget, NetworkPolicy, and an Ingress when a domain is given. Each carries
 * {@code app.kubernetes.io/managed-by: hivemind} and the app's name, so what HiveMind made can be found again.
 * The pods meet the Pod Security Standards' restricted profile: not root, no privilege escalation, every
 * capability dropped, seccomp {@code RuntimeDefault}, a read-only root filesystem (with an {@code emptyDir} at
 * {@code /tmp} for what the runtime writes).
 */
public final class AppManifests {
    /** The label every object HiveMind makes carries. */
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The user (and group) the app's pods run as: the images HiveMind builds have it. */
    static final int USER = 65532;

    private AppManifests() {
    }

    /** Every object of a GitOps manifest: one Deployment named after the app, its Service selecting all its pods. */
    public static List<ObjectNode> of(ManifestSettings settings) {
        List<ObjectNode> objects = new ArrayList<>(shared(settings));
        objects.add(2, deployment(settings, new Workload(settings.app(), "main", settings.replicas(), "manifest",
                java.util.Optional.empty(), "512Mi", "25%", "0")));
        objects.add(3, service(settings, settings.app(), java.util.Map.of()));
        return objects;
    }

    /**
     * The objects every rollout of the app on a cluster shares, in apply order: Namespace, ServiceAccount,
     * PodDisruptionBudget, NetworkPolicy and the Ingress when a domain is given; the Deployments and Services that
     * depend on the strategy come from {@link #deployment} and {@link #service}.
     */
    public static List<ObjectNode> shared(ManifestSettings settings) {
        List<ObjectNode> objects = new ArrayList<>();
        objects.add(namespace(settings));
        objects.add(object("v1", "ServiceAccount", settings));
        ObjectNode account = objects.getLast();
        account.put("automountServiceAccountToken", false);
        objects.add(disruptionBudget(settings));
        objects.add(networkPolicy(settings));
        settings.domain().ifPresent(domain -> objects.add(ingress(settings, domain)));
        return objects;
    }

    /**
     * A Secret named {@code name} whose keys are the app's environment (the pods take it with {@code envFrom}), so
     * no value stands in a Deployment, the state or a report.
     */
    public static ObjectNode secret(ManifestSettings settings, String name, java.util.Map<String, String> values) {
        ObjectNode secret = object("v1", "Secret", settings, name);
        secret.put("type", "Opaque");
        ObjectNode data = secret.putObject("stringData");
        new java.util.TreeMap<>(values).forEach(data::put);
        return secret;
    }

    /**
     * A ClusterIP Service named {@code name} on port 80 to the pods' {@code http} port, selecting the app's pods
     * and, from {@code selector}, only some of them (a blue-green colour, a canary side).
     */
    public static ObjectNode service(ManifestSettings settings, String name, java.util.Map<String, String> selector) {
        ObjectNode service = object("v1", "Service", settings, name);
        ObjectNode spec = service.putObject("spec").put("type", "ClusterIP");
        ObjectNode selects = spec.putObject("selector").put("app.kubernetes.io/name", settings.app());
        new java.util.TreeMap<>(selector).forEach(selects::put);
        spec.putArray("ports").addObject().put("name", "http").put("port", 80).put("targetPort", "http")
                .put("protocol", "TCP");
        return service;
    }

    /**
     * A Gateway API HTTPRoute of the app's domain (or every host) through {@code gateway}, splitting the traffic
     * between Services by {@code weights} (Service name to weight).
     */
    public static ObjectNode httpRoute(ManifestSettings settings, String gateway,
                                       java.util.Map<String, Integer> weights) {
        ObjectNode route = object("gateway.networking.k8s.io/v1", "HTTPRoute", settings);
        ObjectNode spec = route.putObject("spec");
        spec.putArray("parentRefs").addObject().put("name", gateway);
        settings.domain().ifPresent(domain -> spec.putArray("hostnames").add(domain));
        ArrayNode backends = spec.putArray("rules").addObject().putArray("backendRefs");
        new java.util.TreeMap<>(weights).forEach((service, weight) -> backends.addObject().put("name", service)
                .put("port", 80).put("weight", weight));
        return route;
    }

    private static ObjectNode namespace(ManifestSettings settings) {
        ObjectNode namespace = JSON.createObjectNode().put("apiVersion", "v1").put("kind", "Namespace");
        ObjectNode metadata = namespace.putObject("metadata").put("name", settings.namespace());
        metadata.putObject("labels").put(MANAGED_BY, "hivemind").put("app.kubernetes.io/name", settings.app())
                .put("pod-security.kubernetes.io/enforce", "restricted");
        return namespace;
    }

    private static ObjectNode object(String apiVersion, String kind, ManifestSettings settings) {
        return object(apiVersion, kind, settings, settings.app());
    }

    private static ObjectNode object(String apiVersion, String kind, ManifestSettings settings, String name) {
        ObjectNode object = JSON.createObjectNode().put("apiVersion", apiVersion).put("kind", kind);
        ObjectNode metadata = object.putObject("metadata").put("name", name)
                .put("namespace", settings.namespace());
        labels(metadata.putObject("labels"), settings);
        return object;
    }

    private static ObjectNode labels(ObjectNode labels, ManifestSettings settings) {
        return labels.put("app.kubernetes.io/name", settings.app()).put(MANAGED_BY, "hivemind");
    }

    private static ObjectNode selector(ObjectNode parent, ManifestSettings settings) {
        return parent.putObject("matchLabels").put("app.kubernetes.io/name", settings.app());
    }

    /**
     * The Deployment of {@code workload}: its pods labelled with its track and release, selected by the app's name
     * and the track; a rolling update's surge and unavailability from the workload.
     */
    public static ObjectNode deployment(ManifestSettings settings, Workload workload) {
        ObjectNode deployment = object("apps/v1", "Deployment", settings, workload.name());
        ((ObjectNode) deployment.get("metadata")).putObject("annotations").put(Workload.RELEASE, workload.releaseId());
        ObjectNode spec = deployment.putObject("spec").put("replicas", workload.replicas())
                .put("revisionHistoryLimit", 5).put("progressDeadlineSeconds",
                        (int) Math.max(60, settings.startupDeadline().toSeconds() * 2));
        selector(spec.putObject("selector"), settings).put(Workload.TRACK, workload.track());
        ObjectNode rolling = spec.putObject("strategy").put("type", "RollingUpdate").putObject("rollingUpdate");
        intOrString(rolling, "maxSurge", workload.maxSurge());
        intOrString(rolling, "maxUnavailable", workload.maxUnavailable());
        ObjectNode template = spec.putObject("template");
        labels(template.putObject("metadata").putObject("labels"), settings).put(Workload.TRACK, workload.track())
                .put(Workload.RELEASE, workload.releaseId());
        ObjectNode pod = template.putObject("spec").put("serviceAccountName", settings.app())
                .put("automountServiceAccountToken", false);
        ObjectNode podSecurity = pod.putObject("securityContext").put("runAsNonRoot", true).put("runAsUser", USER)
                .put("runAsGroup", USER).put("fsGroup", USER);
        podSecurity.putObject("seccompProfile").put("type", "RuntimeDefault");
        ObjectNode container = container(settings, workload.memory());
        workload.secret().ifPresent(name -> container.putArray("envFrom").addObject().putObject("secretRef")
                .put("name", name));
        pod.putArray("containers").add(container);
        pod.putArray("volumes").addObject().put("name", "tmp").putObject("emptyDir");
        return deployment;
    }

    /** A percentage as the string Kubernetes takes, a count as a number. */
    private static void intOrString(ObjectNode parent, String key, String amount) {
        if (amount.endsWith("%")) {
            parent.put(key, amount);
        } else {
            parent.put(key, Integer.parseInt(amount));
        }
    }

    private static ObjectNode container(ManifestSettings settings, String memory) {
        ObjectNode container = JSON.createObjectNode().put("name", "app").put("image", settings.image())
                .put("imagePullPolicy", "IfNotPresent");
        container.putArray("ports").addObject().put("name", "http").put("containerPort", settings.port())
                .put("protocol", "TCP");
        ArrayNode env = container.putArray("env");
        env.addObject().put("name", "PORT").put("value", Integer.toString(settings.port()));
        env.addObject().put("name", "HOST").put("value", "0.0.0.0");
        // the root filesystem is read-only: what a runtime writes under HOME (npm's logs) goes to the /tmp volume
        env.addObject().put("name", "HOME").put("value", "/tmp");
        int period = (int) Math.max(1, settings.probeInterval().toSeconds());
        container.set("startupProbe", probe(settings, period, 1).put("failureThreshold",
                Math.max(1, (int) (settings.startupDeadline().toSeconds() / period))));
        container.set("readinessProbe", probe(settings, period, settings.threshold()).put("failureThreshold", 3));
        container.set("livenessProbe", probe(settings, Math.max(period, 10), 1).put("failureThreshold", 3));
        ObjectNode resources = container.putObject("resources");
        resources.putObject("requests").put("cpu", "100m").put("memory", "128Mi");
        resources.putObject("limits").put("memory", memory);
        ObjectNode security = container.putObject("securityContext").put("allowPrivilegeEscalation", false)
                .put("readOnlyRootFilesystem", true).put("runAsNonRoot", true).put("privileged", false);
        security.putObject("capabilities").putArray("drop").add("ALL");
        security.putObject("seccompProfile").put("type", "RuntimeDefault");
        container.putArray("volumeMounts").addObject().put("name", "tmp").put("mountPath", "/tmp");
        return container;
    }

    private static ObjectNode probe(ManifestSettings settings, int period, int successThreshold) {
        ObjectNode probe = JSON.createObjectNode();
        probe.putObject("httpGet").put("path", settings.healthPath()).put("port", "http");
        return probe.put("periodSeconds", period).put("timeoutSeconds", seconds(settings.probeTimeout()))
                .put("successThreshold", successThreshold);
    }

    private static int seconds(Duration duration) {
        return (int) Math.max(1, (duration.toMillis() + 999) / 1000);
    }

    private static ObjectNode disruptionBudget(ManifestSettings settings) {
        ObjectNode budget = object("policy/v1", "PodDisruptionBudget", settings);
        ObjectNode spec = budget.putObject("spec");
        if (settings.replicas() > 1) {
            spec.put("minAvailable", 1);
        } else {
            spec.put("maxUnavailable", 1);
        }
        selector(spec.putObject("selector"), settings);
        return budget;
    }

    /** Default deny: the pods take traffic only on the app's port and send none (but DNS). */
    private static ObjectNode networkPolicy(ManifestSettings settings) {
        ObjectNode policy = object("networking.k8s.io/v1", "NetworkPolicy", settings);
        ObjectNode spec = policy.putObject("spec");
        selector(spec.putObject("podSelector"), settings);
        spec.putArray("policyTypes").add("Ingress").add("Egress");
        spec.putArray("ingress").addObject().putArray("ports").addObject().put("port", settings.port())
                .put("protocol", "TCP");
        ArrayNode dns = spec.putArray("egress").addObject().putArray("ports");
        dns.addObject().put("port", 53).put("protocol", "UDP");
        dns.addObject().put("port", 53).put("protocol", "TCP");
        return policy;
    }

    private static ObjectNode ingress(ManifestSettings settings, String domain) {
        ObjectNode ingress = object("networking.k8s.io/v1", "Ingress", settings);
        settings.tlsIssuer().ifPresent(issuer -> ((ObjectNode) ingress.get("metadata")).putObject("annotations")
                .put("cert-manager.io/cluster-issuer", issuer));
        ObjectNode spec = ingress.putObject("spec");
        settings.tlsIssuer().ifPresent(issuer -> spec.putArray("tls").addObject().put("secretName",
                settings.app() + "-tls").putArray("hosts").add(domain));
        ObjectNode path = spec.putArray("rules").addObject().put("host", domain).putObject("http")
                .putArray("paths").addObject().put("path", "/").put("pathType", "Prefix");
        path.putObject("backend").putObject("service").put("name", settings.app()).putObject("port")
                .put("name", "http");
        return ingress;
    }
}
