package dev.hivemind.target.aws;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Where the user finds a resource HiveMind made: its ARN and its page in the AWS console
 * ({@code https://REGION.console.aws.amazon.com/...}), for {@code status} and the report.
 */
final class AwsConsole {
    private AwsConsole() {
    }

    /** {@code kind id arn console-link}, for one line of {@code status} or the report. */
    static String describe(String region, String account, AwsLedger.Entry entry) {
        return entry.kind() + " " + entry.role() + " " + entry.id() + "\n      " + arn(region, account, entry.kind(),
                entry.id()) + link(region, entry.kind(), entry.id()).map(url -> "\n      " + url).orElse("");
    }

    /** The resource's ARN: the id itself for the services whose ids are ARNs (ELB, ACM, Secrets Manager). */
    static String arn(String region, String account, String kind, String id) {
        if (id.startsWith("arn:")) {
            return id;
        }
        return switch (kind) {
            case "db-instance" -> "arn:aws:rds:" + region + ":" + account + ":db:" + id;
            case "db-subnet-group" -> "arn:aws:rds:" + region + ":" + account + ":subgrp:" + id;
            default -> "arn:aws:ec2:" + region + ":" + account + ":" + kind + "/" + id;
        };
    }

    /** The resource's page in the console of {@code region}, for the kinds that have one. */
    static Optional<String> link(String region, String kind, String id) {
        String ec2 = base(region, "ec2/home");
        String vpc = base(region, "vpcconsole/home");
        return Optional.ofNullable(switch (kind) {
            case "vpc" -> vpc + "#VpcDetails:VpcId=" + id;
            case "subnet" -> vpc + "#SubnetDetails:subnetId=" + id;
            case "internet-gateway" -> vpc + "#InternetGatewayDetails:internetGatewayId=" + id;
            case "route-table" -> vpc + "#RouteTableDetails:RouteTableId=" + id;
            case "security-group" -> ec2 + "#SecurityGroup:groupId=" + id;
            case "instance" -> ec2 + "#InstanceDetails:instanceId=" + id;
            case "volume" -> ec2 + "#VolumeDetails:volumeId=" + id;
            case "key-pair" -> ec2 + "#KeyPairs:search=" + id;
            case "load-balancer" -> ec2 + "#LoadBalancer:loadBalancerArn=" + id;
            case "target-group" -> ec2 + "#TargetGroup:targetGroupArn=" + id;
            case "listener" -> ec2 + "#LoadBalancers:";
            case "db-instance" -> base(region, "rds/home") + "#database:id=" + id + ";is-cluster=false";
            case "db-subnet-group" -> base(region, "rds/home") + "#db-subnet-group-details:db-subnet-group-name="
                    + id;
            case "certificate" -> base(region, "acm/home") + "#/certificates/" + id.substring(id.lastIndexOf('/')
                    + 1);
            case "secret" -> "https://" + region + ".console.aws.amazon.com/secretsmanager/secret?name="
                    + URLEncoder.encode(secretName(id), StandardCharsets.UTF_8) + "&region=" + region;
            default -> null;
        });
    }

    /** A secret's name from its ARN ({@code ...:secret:NAME-AbCdEf}, the suffix Secrets Manager adds). */
    static String secretName(String id) {
        String name = id.substring(id.lastIndexOf(':') + 1);
        return id.startsWith("arn:") ? name.replaceFirst("-[A-Za-z0-9]{6}$", "") : name;
    }

    private static String base(String region, String page) {
        return "https://" + region + ".console.aws.amazon.com/" + page + "?region=" + region;
    }
}
