package dev.hivemind.target.aws.standin;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * A stand-in for AWS, because no AWS (nor LocalStack or moto) can be reached from this machine: a small HTTP endpoint
 * speaking the AWS Query protocol with XML answers, as the AWS SDK for Java v2 expects them, for exactly the EC2,
 * Elastic Load Balancing v2, STS and RDS calls HiveMind makes, and the JSON protocol for its Secrets Manager and
 * Resource Groups Tagging API calls; in memory. It keeps AWS's rules that HiveMind's logic depends
 * on: tags given at creation and filters on them, RunInstances' client token (the same token returns the same
 * instance), names unique per load balancer and target group, {@code DependencyViolation} for a VPC, subnet, gateway,
 * route table or group that something still uses, instances that are {@code pending} before {@code running} and
 * {@code shutting-down} before {@code terminated}, credentials refused ({@code InvalidClientTokenId}). Its instances are
 * real servers: RunInstances hands out the addresses it is given (the test hosts) and runs a "cloud-init" on them that
 * authorizes the imported key for the {@code admin} login; its load balancer's health checks are real HTTP requests
 * to them. HiveMind reaches it through {@code AWS_ENDPOINT_URL}.
 */
public final class AwsStandIn implements AutoCloseable {
    public static final String ACCOUNT = "123456789012";
    public static final String REFUSED_KEY = "AKIAREFUSED";

    final Map<String, Resource> resources = new LinkedHashMap<>() {
        private static final long serialVersionUID = 1L;

        @Override
        public Resource remove(Object key) {
            Resource removed = super.remove(key);
            if (removed != null && lagging) {
                recentlyDeleted.add(removed);
            }
            return removed;
        }
    };
    /** Deleted resources the tagging API still lists, as AWS's does for a while ({@link #lagTaggingApi}). */
    final List<Resource> recentlyDeleted = new ArrayList<>();
    private boolean lagging;
    private final HttpServer server;
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger(1);
    private final Deque<String> addresses = new ArrayDeque<>();
    private BiConsumer<String, String> cloudInit = (address, key) -> { };
    private Optional<String> loseAnswerOf = Optional.empty();
    private final Map<String, Integer> throttled = new java.util.HashMap<>();
    private final Set<String> denied = new java.util.HashSet<>();
    private boolean inspectorEnabled;
    private final List<Map<String, String>> findings = new ArrayList<>();
    private final Ec2Actions ec2 = new Ec2Actions(this);
    private final ElbActions elb = new ElbActions(this);
    private final RdsActions rds = new RdsActions(this);
    private final JsonActions json = new JsonActions(this);

    private AwsStandIn() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public static AwsStandIn start() {
        try {
            return new AwsStandIn();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** The addresses RunInstances gives its instances, in turn; {@code cloudInit} gets each address and its key. */
    public synchronized void handOut(Collection<String> next, BiConsumer<String, String> init) {
        addresses.clear();
        addresses.addAll(next);
        cloudInit = init;
    }

    /**
     * Makes the next {@code action} (e.g. {@code RunInstances}) happen and then lose its answer, as when HiveMind is
     * killed after AWS created something and before it was recorded: the caller gets an error that is not retried.
     */
    public synchronized void loseAnswerOf(String action) {
        loseAnswerOf = Optional.of(action);
    }

    /** Answers the next {@code times} calls of {@code action} with {@code RequestLimitExceeded}, as AWS throttles. */
    public synchronized void throttle(String action, int times) {
        throttled.put(action, times);
    }

    /**
     * Refuses {@code action} as for credentials whose policy lacks it: {@code UnauthorizedOperation} with only an
     * encoded message, as EC2 answers.
     */
    public synchronized void deny(String action) {
        denied.add(action);
    }

    private void refuseOnDemand(String action) {
        if (denied.contains(action)) {
            throw new StandInError(403, "UnauthorizedOperation", "You are not authorized to perform this operation. "
                    + "Encoded authorization failure message: AbCdEf0123");
        }
        int left = throttled.getOrDefault(action, 0);
        if (left > 0) {
            throttled.put(action, left - 1);
            throw new StandInError(503, "RequestLimitExceeded", "Request limit exceeded.");
        }
    }

    /** From now on the tagging API keeps listing deleted resources, as AWS's does for a while after a delete. */
    public synchronized void lagTaggingApi() {
        lagging = true;
    }

    /** Every call so far as {@code service:Action}, in order. */
    public List<String> calls() {
        return List.copyOf(calls);
    }

    /** The live resources tagged {@code hivemind:app=app}, as {@code kind id}. */
    public synchronized List<String> tagged(String app) {
        return resources.values().stream().filter(resource -> app.equals(resource.tags.get("hivemind:app")))
                .filter(resource -> !"terminated".equals(resource.attribute("state")))
                .map(resource -> resource.kind + " " + resource.id).toList();
    }

    /** Every live resource except AWS's own (the images), as {@code kind id}. */
    public synchronized List<String> everything() {
        return resources.values().stream().filter(resource -> !resource.kind.equals("image"))
                .filter(resource -> !"terminated".equals(resource.attribute("state")))
                .map(resource -> resource.kind + " " + resource.id).toList();
    }

    /** The live resources of {@code kind}. */
    public synchronized List<String> live(String kind) {
        return resources.values().stream().filter(resource -> resource.kind.equals(kind))
                .filter(resource -> !"terminated".equals(resource.attribute("state"))).map(resource -> resource.id)
                .toList();
    }

    /** The tags of a resource. */
    public synchronized Map<String, String> tags(String id) {
        return Map.copyOf(resources.get(id).tags);
    }

    /** An attribute of a resource, e.g. an instance's {@code httpTokens} or a volume's {@code encrypted}. */
    public synchronized Optional<String> attribute(String id, String name) {
        return Optional.ofNullable(resources.get(id)).map(resource -> resource.attribute(name));
    }

    /**
     * A DNS record added to a domain, as the user does for ACM's DNS validation: a certificate waiting for exactly this
     * record is issued. Returns whether one was.
     */
    public synchronized boolean addDnsRecord(String name, String type, String value) {
        boolean issued = false;
        for (Resource resource : resources.values()) {
            if (resource.kind.equals("certificate") && "PENDING_VALIDATION".equals(resource.attribute("status"))
                    && type.equals("CNAME") && name.equals(resource.attribute("recordName"))
                    && value.equals(resource.attribute("recordValue"))) {
                resource.attributes.put("status", "ISSUED");
                issued = true;
            }
        }
        return issued;
    }

    /** Plants a resource tagged with the app, as a leak the destroy's check must find. */
    public synchronized String plant(String kind, String app) {
        Resource resource = create(kind, prefixOf(kind));
        resource.tags.put("hivemind:app", app);
        resource.tags.put("hivemind:managed", "true");
        resource.tags.put("hivemind:role", "planted");
        if (kind.equals("key-pair")) {
            resource.attributes.put("keyPairId", "key-" + Integer.toHexString(resource.id.hashCode()));
        }
        return resource.id;
    }

    private static String prefixOf(String kind) {
        return switch (kind) {
            case "security-group" -> "sg";
            case "subnet" -> "subnet";
            default -> kind;
        };
    }

    synchronized Resource create(String kind, String prefix) {
        String id = prefix + "-" + String.format("%017x", ids.getAndIncrement());
        Resource resource = new Resource(id, kind);
        resources.put(id, resource);
        return resource;
    }

    synchronized String nextAddress(String publicKey) {
        String address = addresses.isEmpty() ? "192.0.2." + (10 + ids.get() % 200) : addresses.poll();
        cloudInit.accept(address, publicKey);
        return address;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String path = exchange.getRequestURI().getPath();
        if (path.startsWith("/status/") || path.startsWith("/findings/")) {
            handleInspector(exchange, path, body);
            return;
        }
        String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
        if (target != null) {
            handleJson(exchange, target, body);
            return;
        }
        Query query = Query.parse(body);
        String version = query.get("Version").orElse("");
        String service = switch (version) {
            case "2016-11-15" -> "ec2";
            case "2015-12-01" -> "elasticloadbalancing";
            case "2011-06-15" -> "sts";
            case "2014-10-31" -> "rds";
            default -> "unknown";
        };
        calls.add(service + ":" + query.action());
        String answer;
        int status = 200;
        try {
            refuseBadCredentials(exchange);
            synchronized (this) {
                refuseOnDemand(query.action());
                answer = switch (service) {
                    case "ec2" -> ec2.handle(query);
                    case "elasticloadbalancing" -> elb.handle(query);
                    case "sts" -> identity();
                    case "rds" -> rds.handle(query);
                    default -> throw new StandInError(400, "InvalidAction", "the stand-in does not serve " + version);
                };
                if (loseAnswerOf.filter(query.action()::equals).isPresent()) {
                    loseAnswerOf = Optional.empty();
                    throw new StandInError(400, "StandInAnswerLost", query.action() + " was done, and its answer lost "
                            + "(the stand-in's simulated kill)");
                }
            }
        } catch (StandInError e) {
            status = e.status;
            answer = service.equals("ec2") ? Xml.ec2Error(e.code, e.getMessage()) : Xml.queryError(e.code,
                    e.getMessage());
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/xml");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    /**
     * Amazon Inspector (REST and JSON): the account's status and the findings. Until {@link #enableInspector} the
     * account answers as one where Inspector was never enabled: {@code AccessDeniedException} for the findings and
     * {@code DISABLED} in the status.
     */
    private void handleInspector(HttpExchange exchange, String path, String body) throws IOException {
        calls.add("inspector2:" + path);
        String answer;
        int status = 200;
        try {
            refuseBadCredentials(exchange);
            synchronized (this) {
                answer = inspector(path, body);
            }
        } catch (StandInError e) {
            status = e.status;
            exchange.getResponseHeaders().set("x-amzn-ErrorType", e.code);
            answer = JsonActions.JSON.createObjectNode().put("message", e.getMessage()).toString();
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private String inspector(String path, String body) throws IOException {
        var json = JsonActions.JSON;
        if (path.equals("/status/batch/get")) {
            String state = inspectorEnabled ? "ENABLED" : "DISABLED";
            var answer = json.createObjectNode();
            var account = answer.putArray("accounts").addObject().put("accountId", ACCOUNT);
            account.putObject("state").put("status", state);
            account.putObject("resourceState").putObject("ec2").put("status", state);
            answer.putArray("failedAccounts");
            return answer.toString();
        }
        if (!path.equals("/findings/list")) {
            throw new StandInError(404, "ResourceNotFoundException", "the stand-in does not serve " + path);
        }
        if (!inspectorEnabled) {
            throw new StandInError(403, "AccessDeniedException", "Invoking account does not have access to perform "
                    + "this operation: Inspector is not enabled.");
        }
        var request = json.readTree(body.isBlank() ? "{}" : body);
        List<String> ids = new ArrayList<>();
        request.path("filterCriteria").path("resourceId").forEach(filter -> ids.add(filter.path("value").asText()));
        var answer = json.createObjectNode();
        var list = answer.putArray("findings");
        for (Map<String, String> finding : findings) {
            if (ids.isEmpty() || ids.contains(finding.get("instance"))) {
                var item = list.addObject().put("findingArn", "arn:aws:inspector2:us-east-1:" + ACCOUNT + ":finding/"
                        + Integer.toHexString(finding.hashCode())).put("awsAccountId", ACCOUNT)
                        .put("severity", finding.get("severity")).put("title", finding.get("title"))
                        .put("status", "ACTIVE").put("type", "PACKAGE_VULNERABILITY").put("description", "")
                        .put("firstObservedAt", 1.7e9).put("lastObservedAt", 1.7e9).put("updatedAt", 1.7e9);
                item.putArray("resources").addObject().put("id", finding.get("instance"))
                        .put("type", "AWS_EC2_INSTANCE");
            }
        }
        return answer.toString();
    }

    /** Turns Amazon Inspector on for EC2 in the stand-in's account. */
    public synchronized void enableInspector() {
        inspectorEnabled = true;
    }

    /** An active Inspector finding on {@code instance}: {@code severity} is CRITICAL, HIGH, MEDIUM, LOW... */
    public synchronized void addFinding(String instance, String severity, String title) {
        findings.add(Map.of("instance", instance, "severity", severity, "title", title));
    }

    /** A JSON-protocol call: {@code X-Amz-Target: Service.Action} and a JSON body, answered in JSON. */
    private void handleJson(HttpExchange exchange, String target, String body) throws IOException {
        String service = target.substring(0, Math.max(0, target.indexOf('.')));
        String action = target.substring(target.indexOf('.') + 1);
        calls.add((service.startsWith("ResourceGroupsTaggingAPI") ? "tagging" : service.equals("CertificateManager")
                ? "acm" : service) + ":" + action);
        String answer;
        int status = 200;
        try {
            refuseBadCredentials(exchange);
            synchronized (this) {
                answer = json.handle(target, body);
                if (loseAnswerOf.filter(action::equals).isPresent()) {
                    loseAnswerOf = Optional.empty();
                    throw new StandInError(400, "StandInAnswerLost", action + " was done, and its answer lost "
                            + "(the stand-in's simulated kill)");
                }
            }
        } catch (StandInError e) {
            status = e.status;
            answer = JsonActions.error(e.code, e.getMessage());
        }
        byte[] bytes = answer.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/x-amz-json-1.1");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static void refuseBadCredentials(HttpExchange exchange) {
        String authorization = String.valueOf(exchange.getRequestHeaders().getFirst("Authorization"));
        if (authorization.contains("Credential=" + REFUSED_KEY + "/")) {
            throw new StandInError(403, "InvalidClientTokenId", "The security token included in the request is "
                    + "invalid.");
        }
    }

    private static String identity() {
        return Xml.query("GetCallerIdentity", "https://sts.amazonaws.com/doc/2011-06-15/",
                "<Arn>arn:aws:iam::" + ACCOUNT + ":user/hivemind</Arn><UserId>AIDASTANDIN</UserId><Account>" + ACCOUNT
                        + "</Account>");
    }

    /** Ids of the live resources of {@code kind} whose tags match every {@code tag:K=V} filter. */
    synchronized List<Resource> matching(String kind, List<Map<String, String>> filters, Set<String> ids) {
        List<Resource> found = new ArrayList<>();
        for (Resource resource : resources.values()) {
            if (!resource.kind.equals(kind) || (!ids.isEmpty() && !ids.contains(resource.id))) {
                continue;
            }
            boolean matches = true;
            for (Map<String, String> filter : filters) {
                String name = filter.get("Name");
                List<String> values = Query.list(filter, "Value");
                String actual = name.startsWith("tag:") ? resource.tags.get(name.substring(4))
                        : resource.attribute(name.equals("instance-state-name") ? "state" : name);
                if (actual == null || (!values.contains(actual) && values.stream().noneMatch(value -> value.endsWith("*")
                        && actual.startsWith(value.substring(0, value.length() - 1))))) {
                    matches = false;
                }
            }
            if (matches) {
                found.add(resource);
            }
        }
        return found;
    }

    /** Stops the endpoint and the load balancers' listeners. */
    @Override
    public synchronized void close() {
        server.stop(0);
        resources.values().forEach(resource -> {
            if (resource.attributes.get("forwarder") instanceof Forwarder forwarder) {
                forwarder.close();
            }
        });
    }
}
