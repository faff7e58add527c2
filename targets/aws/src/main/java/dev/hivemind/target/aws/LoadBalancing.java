package dev.hivemind.target.aws;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Action;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ActionTypeEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Certificate;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.Listener;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancer;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.LoadBalancerNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.ProtocolEnum;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroup;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetGroupNotFoundException;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthDescription;

/**
 * The app's Application Load Balancer in the public subnets, its target group (HTTP on the instances' edge proxy,
 * health-checked on the app's health path) and its listeners: HTTP forwarding, or with a certificate HTTP redirecting
 * to HTTPS. Names are made from the app (ELB names are unique per account and region), so a repeated create finds the
 * one that exists.
 */
final class LoadBalancing {
    private final ElasticLoadBalancingV2Client elb;
    private final Recorder recorder;
    private final Tags tags;

    LoadBalancing(ElasticLoadBalancingV2Client elb, Recorder recorder, Tags tags) {
        this.elb = elb;
        this.recorder = recorder;
        this.tags = tags;
    }

    /** The load balancer's name for an app: at most 32 characters. */
    static String name(String app) {
        return shortName("hm-" + app);
    }

    static String targetGroupName(String app) {
        return shortName("hm-" + app + "-tg");
    }

    private static String shortName(String name) {
        if (name.length() <= 32) {
            return name;
        }
        try {
            String digest = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(name.getBytes(StandardCharsets.UTF_8))).substring(0, 8);
            return name.substring(0, 23).replaceAll("-+$", "") + "-" + digest;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Creates (or finds) the load balancer, target group and listeners; returns the load balancer's DNS name. */
    String provision(AwsPlan plan, Network.Ids network, String healthPath, Optional<String> certificate) {
        String lb = recorder.ensure("load-balancer", "main", () -> loadBalancer(plan.app()).map(
                LoadBalancer::loadBalancerArn), () -> elb.createLoadBalancer(request -> request.name(name(plan.app()))
                .subnets(network.publicSubnets()).securityGroups(network.lbGroup()).scheme("internet-facing")
                .type("application").tags(tags.elb("main"))).loadBalancers().get(0).loadBalancerArn());
        String group = recorder.ensure("target-group", "main", () -> targetGroup(plan.app()).map(
                TargetGroup::targetGroupArn), () -> elb.createTargetGroup(request -> request
                .name(targetGroupName(plan.app())).protocol(ProtocolEnum.HTTP).port(plan.appPort())
                .vpcId(network.vpc()).targetType("instance").healthCheckPath(healthPath)
                .healthCheckIntervalSeconds(10).healthyThresholdCount(2).tags(tags.elb("main"))).targetGroups().get(0)
                .targetGroupArn());
        Action forward = Action.builder().type(ActionTypeEnum.FORWARD).targetGroupArn(group).build();
        if (certificate.isPresent()) {
            listener(lb, "https", 443, ProtocolEnum.HTTPS, forward, certificate);
            listener(lb, "http", 80, ProtocolEnum.HTTP, Action.builder().type(ActionTypeEnum.REDIRECT)
                    .redirectConfig(redirect -> redirect.protocol("HTTPS").port("443").statusCode("HTTP_301")).build(),
                    Optional.empty());
        } else {
            listener(lb, "http", 80, ProtocolEnum.HTTP, forward, Optional.empty());
        }
        return elb.describeLoadBalancers(request -> request.loadBalancerArns(lb)).loadBalancers().get(0).dnsName();
    }

    private void listener(String lb, String role, int port, ProtocolEnum protocol, Action action,
                          Optional<String> certificate) {
        recorder.ensure("listener", role, () -> listeners(lb).stream().filter(found -> found.port() == port)
                .map(Listener::listenerArn).findFirst(), () -> elb.createListener(request -> request
                .loadBalancerArn(lb).port(port).protocol(protocol).defaultActions(action)
                .certificates(certificate.map(arn -> List.of(Certificate.builder().certificateArn(arn).build()))
                        .orElse(List.of())).tags(tags.elb(role))).listeners().get(0).listenerArn());
    }

    /** Puts the instances behind the load balancer (registering one already registered changes nothing). */
    void register(String targetGroup, List<String> instances, int port) {
        elb.registerTargets(request -> request.targetGroupArn(targetGroup).targets(instances.stream()
                .map(id -> TargetDescription.builder().id(id).port(port).build()).toList()));
    }

    List<TargetHealthDescription> health(String targetGroup) {
        return elb.describeTargetHealth(request -> request.targetGroupArn(targetGroup)).targetHealthDescriptions();
    }

    Optional<LoadBalancer> loadBalancer(String app) {
        return loadBalancerNamed(name(app));
    }

    private Optional<LoadBalancer> loadBalancerNamed(String name) {
        try {
            return elb.describeLoadBalancers(request -> request.names(name)).loadBalancers().stream().findFirst();
        } catch (LoadBalancerNotFoundException e) {
            return Optional.empty();
        }
    }

    Optional<TargetGroup> targetGroup(String app) {
        try {
            return elb.describeTargetGroups(request -> request.names(targetGroupName(app))).targetGroups().stream()
                    .findFirst();
        } catch (TargetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    List<Listener> listeners(String lb) {
        return elb.describeListeners(request -> request.loadBalancerArn(lb)).listeners();
    }

    void deleteListener(String arn) {
        elb.deleteListener(request -> request.listenerArn(arn));
    }

    void deleteLoadBalancer(String arn) {
        elb.deleteLoadBalancer(request -> request.loadBalancerArn(arn));
        for (int attempt = 0; attempt < 150 && loadBalancerNamed(arnName(arn)).isPresent(); attempt++) {
            Compute.sleep();
        }
    }

    void deleteTargetGroup(String arn) {
        elb.deleteTargetGroup(request -> request.targetGroupArn(arn));
    }

    /** The load balancer's name, from its ARN ({@code ...:loadbalancer/app/NAME/ID}). */
    private static String arnName(String arn) {
        String[] parts = arn.split("/");
        return parts.length >= 3 ? parts[parts.length - 2] : arn;
    }
}
