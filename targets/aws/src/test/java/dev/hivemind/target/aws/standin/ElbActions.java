package dev.hivemind.target.aws.standin;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The Elastic Load Balancing v2 calls HiveMind makes. Names are unique (a second create with the same name returns the
 * one that exists, as AWS does for identical settings); the health of a registered target is a real HTTP request to
 * its instance's address on the target group's port and health path.
 */
final class ElbActions {
    private static final String NAMESPACE = "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/";
    private final AwsStandIn cloud;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    ElbActions(AwsStandIn cloud) {
        this.cloud = cloud;
    }

    String handle(Query query) {
        String action = query.action();
        return Xml.query(action, NAMESPACE, switch (action) {
            case "CreateLoadBalancer" -> "<LoadBalancers>" + member(loadBalancer(byName("load-balancer",
                    query.require("Name")).orElseGet(() -> createLoadBalancer(query)))) + "</LoadBalancers>";
            case "DescribeLoadBalancers" -> "<LoadBalancers>" + String.join("", describe(query, "load-balancer",
                    "LoadBalancerArns", "LoadBalancerNotFound").stream().map(this::loadBalancer).map(ElbActions::member)
                    .toList()) + "</LoadBalancers>";
            case "CreateTargetGroup" -> "<TargetGroups>" + member(targetGroup(byName("target-group",
                    query.require("Name")).orElseGet(() -> createTargetGroup(query)))) + "</TargetGroups>";
            case "DescribeTargetGroups" -> "<TargetGroups>" + String.join("", describe(query, "target-group",
                    "TargetGroupArns", "TargetGroupNotFound").stream().map(this::targetGroup).map(ElbActions::member)
                    .toList()) + "</TargetGroups>";
            case "CreateListener" -> "<Listeners>" + member(listener(createListener(query))) + "</Listeners>";
            case "DescribeListeners" -> "<Listeners>" + String.join("", cloud.resources.values().stream()
                    .filter(resource -> resource.kind.equals("listener") && query.require("LoadBalancerArn")
                            .equals(resource.attribute("loadBalancer"))).map(this::listener).map(ElbActions::member)
                    .toList()) + "</Listeners>";
            case "RegisterTargets" -> register(query);
            case "DescribeTargetHealth" -> health(existing(query.require("TargetGroupArn"), "target-group",
                    "TargetGroupNotFound"));
            case "DeleteListener" -> {
                existing(query.require("ListenerArn"), "listener", "ListenerNotFound");
                cloud.resources.remove(query.require("ListenerArn"));
                yield "";
            }
            case "DeleteLoadBalancer" -> deleteLoadBalancer(query.require("LoadBalancerArn"));
            case "DeleteTargetGroup" -> deleteTargetGroup(query.require("TargetGroupArn"));
            default -> throw new StandInError(400, "InvalidAction", "the stand-in does not serve ELBv2 " + action);
        });
    }

    private static String member(String content) {
        return "<member>" + content + "</member>";
    }

    private java.util.Optional<Resource> byName(String kind, String name) {
        return cloud.resources.values().stream().filter(resource -> resource.kind.equals(kind)
                && name.equals(resource.attribute("name"))).findFirst();
    }

    private Resource existing(String arn, String kind, String notFound) {
        Resource resource = cloud.resources.get(arn);
        if (resource == null || !resource.kind.equals(kind)) {
            throw new StandInError(400, notFound, "One or more " + kind + "s not found: " + arn);
        }
        return resource;
    }

    private List<Resource> describe(Query query, String kind, String arnsParameter, String notFound) {
        List<String> names = query.list("Names");
        List<String> arns = query.list(arnsParameter);
        List<Resource> found = new ArrayList<>();
        for (String name : names) {
            found.add(byName(kind, name).orElseThrow(() -> new StandInError(400, notFound, "One or more " + kind
                    + "s not found: " + name)));
        }
        for (String arn : arns) {
            found.add(existing(arn, kind, notFound));
        }
        if (names.isEmpty() && arns.isEmpty()) {
            cloud.resources.values().stream().filter(resource -> resource.kind.equals(kind)).forEach(found::add);
        }
        return found;
    }

    private void tag(Resource resource, Query query) {
        for (Map<String, String> tag : query.structures("Tags")) {
            resource.tags.put(tag.get("Key"), tag.getOrDefault("Value", ""));
        }
    }

    private Resource createLoadBalancer(Query query) {
        String name = query.require("Name");
        List<String> subnets = query.list("Subnets");
        if (subnets.size() < 2) {
            throw new StandInError(400, "ValidationError", "At least two subnets in two different Availability Zones "
                    + "must be specified");
        }
        String id = String.format("%016x", (long) name.hashCode() & 0xffffffffL);
        Resource lb = new Resource("arn:aws:elasticloadbalancing:us-east-1:" + AwsStandIn.ACCOUNT
                + ":loadbalancer/app/" + name + "/" + id, "load-balancer");
        lb.attributes.put("name", name);
        lb.attributes.put("subnets", String.join(",", subnets));
        lb.attributes.put("securityGroups", String.join(",", query.list("SecurityGroups")));
        try {
            Forwarder forwarder = new Forwarder(() -> healthyTargets(lb.id));
            lb.attributes.put("forwarder", forwarder);
            lb.attributes.put("dns", forwarder.address());
        } catch (java.io.IOException e) {
            throw new StandInError(500, "InternalFailure", "the stand-in could not listen: " + e.getMessage());
        }
        tag(lb, query);
        cloud.resources.put(lb.id, lb);
        return lb;
    }

    private String loadBalancer(Resource lb) {
        return Xml.element("LoadBalancerArn", lb.id) + Xml.element("LoadBalancerName", lb.attribute("name"))
                + Xml.element("DNSName", lb.attribute("dns")) + Xml.element("Scheme", "internet-facing")
                + Xml.element("Type", "application") + "<State><Code>active</Code></State>";
    }

    private Resource createTargetGroup(Query query) {
        String name = query.require("Name");
        Resource group = new Resource("arn:aws:elasticloadbalancing:us-east-1:" + AwsStandIn.ACCOUNT
                + ":targetgroup/" + name + "/" + String.format("%016x", (long) name.hashCode() & 0xffffffffL),
                "target-group");
        group.attributes.put("name", name);
        group.attributes.put("port", query.require("Port"));
        group.attributes.put("vpcId", query.require("VpcId"));
        group.attributes.put("healthPath", query.get("HealthCheckPath").orElse("/"));
        group.attributes.put("targets", new ArrayList<String>());
        tag(group, query);
        cloud.resources.put(group.id, group);
        return group;
    }

    private String targetGroup(Resource group) {
        return Xml.element("TargetGroupArn", group.id) + Xml.element("TargetGroupName", group.attribute("name"))
                + Xml.element("Protocol", "HTTP") + Xml.element("Port", group.attribute("port"))
                + Xml.element("VpcId", group.attribute("vpcId"))
                + Xml.element("HealthCheckPath", group.attribute("healthPath"));
    }

    private Resource createListener(Query query) {
        Resource lb = existing(query.require("LoadBalancerArn"), "load-balancer", "LoadBalancerNotFound");
        String port = query.require("Port");
        boolean taken = cloud.resources.values().stream().anyMatch(resource -> resource.kind.equals("listener")
                && lb.id.equals(resource.attribute("loadBalancer")) && port.equals(resource.attribute("port")));
        if (taken) {
            throw new StandInError(400, "DuplicateListener", "A listener already exists on that port");
        }
        Map<String, String> action = query.structures("DefaultActions").get(0);
        Resource listener = new Resource(lb.id.replace(":loadbalancer/", ":listener/") + "/" + port, "listener");
        listener.attributes.put("loadBalancer", lb.id);
        listener.attributes.put("port", port);
        listener.attributes.put("protocol", query.require("Protocol"));
        listener.attributes.put("action", action.get("Type"));
        if (action.get("TargetGroupArn") != null) {
            listener.attributes.put("targetGroup", existing(action.get("TargetGroupArn"), "target-group",
                    "TargetGroupNotFound").id);
        }
        if (query.require("Protocol").equals("HTTPS")) {
            String certificate = query.structures("Certificates").stream().map(given -> given.get("CertificateArn"))
                    .filter(java.util.Objects::nonNull).findFirst().orElseThrow(() -> new StandInError(400,
                            "ValidationError", "A certificate must be specified for HTTPS listeners"));
            Resource issued = cloud.resources.get(certificate);
            if (issued == null || !issued.kind.equals("certificate")) {
                throw new StandInError(400, "CertificateNotFound", "Certificate '" + certificate + "' not found");
            }
            if (!"ISSUED".equals(issued.attribute("status"))) {
                throw new StandInError(400, "UnsupportedCertificate", "The certificate '" + certificate + "' must "
                        + "have a status of ISSUED");
            }
            listener.attributes.put("certificate", certificate);
        }
        if ("redirect".equals(action.get("Type"))) {
            listener.attributes.put("redirect", action.get("RedirectConfig.Protocol") + ":"
                    + action.get("RedirectConfig.Port") + ":" + action.get("RedirectConfig.StatusCode"));
        }
        tag(listener, query);
        cloud.resources.put(listener.id, listener);
        return listener;
    }

    private String listener(Resource listener) {
        return Xml.element("ListenerArn", listener.id) + Xml.element("LoadBalancerArn",
                listener.attribute("loadBalancer")) + Xml.element("Port", listener.attribute("port"))
                + Xml.element("Protocol", listener.attribute("protocol"));
    }

    @SuppressWarnings("unchecked")
    private static List<String> targets(Resource group) {
        return (List<String>) group.attributes.get("targets");
    }

    private String register(Query query) {
        Resource group = existing(query.require("TargetGroupArn"), "target-group", "TargetGroupNotFound");
        for (Map<String, String> target : query.structures("Targets")) {
            Resource instance = cloud.resources.get(target.get("Id"));
            if (instance == null || !"running".equals(instance.attribute("state"))) {
                throw new StandInError(400, "InvalidTarget", "The following targets are not in a running state and "
                        + "cannot be registered: '" + target.get("Id") + "'");
            }
            if (!targets(group).contains(instance.id)) {
                targets(group).add(instance.id);
            }
        }
        return "";
    }

    private String health(Resource group) {
        StringBuilder xml = new StringBuilder("<TargetHealthDescriptions>");
        for (String id : targets(group)) {
            Resource instance = cloud.resources.get(id);
            String state = "unused";
            String why = "Target is not running";
            if (instance != null && "running".equals(instance.attribute("state"))) {
                String url = "http://" + instance.attribute("ipAddress") + ":" + group.attribute("port")
                        + group.attribute("healthPath");
                int status = probe(url);
                state = status >= 200 && status < 400 ? "healthy" : "unhealthy";
                why = "GET " + url + " answered " + (status < 0 ? "nothing" : String.valueOf(status));
            }
            xml.append("<member><Target>").append(Xml.element("Id", id)).append(Xml.element("Port",
                    group.attribute("port"))).append("</Target><TargetHealth>").append(Xml.element("State", state))
                    .append(Xml.element("Description", why)).append("</TargetHealth></member>");
        }
        return xml.append("</TargetHealthDescriptions>").toString();
    }

    private int probe(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The base URLs of the healthy targets behind the load balancer's forwarding listener. */
    private List<String> healthyTargets(String lb) {
        List<String[]> candidates = new ArrayList<>();
        synchronized (cloud) {
            cloud.resources.values().stream().filter(resource -> resource.kind.equals("listener")
                    && lb.equals(resource.attribute("loadBalancer")) && resource.attribute("targetGroup") != null)
                    .map(listener -> cloud.resources.get(listener.attribute("targetGroup")))
                    .filter(java.util.Objects::nonNull).findFirst().ifPresent(group -> {
                        for (String id : targets(group)) {
                            Resource instance = cloud.resources.get(id);
                            if (instance != null && "running".equals(instance.attribute("state"))) {
                                candidates.add(new String[] {"http://" + instance.attribute("ipAddress") + ":"
                                        + group.attribute("port"), group.attribute("healthPath")});
                            }
                        }
                    });
        }
        return candidates.stream().filter(candidate -> probe(candidate[0] + candidate[1]) / 100 == 2)
                .map(candidate -> candidate[0]).toList();
    }

    private String deleteLoadBalancer(String arn) {
        Resource lb = existing(arn, "load-balancer", "LoadBalancerNotFound");
        ((Forwarder) lb.attributes.get("forwarder")).close();
        cloud.resources.values().removeIf(resource -> resource.kind.equals("listener")
                && arn.equals(resource.attribute("loadBalancer")));
        cloud.resources.remove(arn);
        return "";
    }

    private String deleteTargetGroup(String arn) {
        existing(arn, "target-group", "TargetGroupNotFound");
        boolean used = cloud.resources.values().stream().anyMatch(resource -> resource.kind.equals("listener")
                && arn.equals(resource.attribute("targetGroup")));
        if (used) {
            throw new StandInError(400, "ResourceInUse", "Target group '" + arn + "' is currently in use by a "
                    + "listener or a rule");
        }
        cloud.resources.remove(arn);
        return "";
    }
}
