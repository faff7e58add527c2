package dev.hivemind.target.aws;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;

/**
 * The AWS side of the harden stage, read from AWS: no security group of the app open to the world except the load
 * balancer's on 80 and 443, and every instance requiring IMDSv2 tokens; added to the hosts' checks. Each failed check
 * takes {@value #PENALTY} points off the hosts' score.
 */
final class AwsAudit {
    static final int PENALTY = 10;

    private AwsAudit() {
    }

    static List<SecurityCheck> checks(Ec2Client ec2, String app) {
        List<SecurityCheck> checks = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (SecurityGroup group : ec2.describeSecurityGroups(request -> request.filters(Tags.filters(app)))
                .securityGroups()) {
            String role = group.tags().stream().filter(tag -> tag.key().equals(Tags.ROLE)).map(Tag::value).findFirst()
                    .orElse("");
            group.ipPermissions().stream().filter(rule -> rule.ipRanges().stream()
                            .anyMatch(range -> "0.0.0.0/0".equals(range.cidrIp())))
                    .filter(rule -> !(role.equals("lb") && (rule.fromPort() == 80 || rule.fromPort() == 443)))
                    .forEach(rule -> open.add(group.groupId() + " (" + role + ") port " + rule.fromPort()));
        }
        checks.add(new SecurityCheck("aws: security groups", open.isEmpty(), open.isEmpty()
                ? "only the load balancer's group is open to the world, on 80 and 443; SSH from the admin range only"
                : "open to the world: " + String.join(", ", open)));
        List<String> optional = Ec2Inventory.liveInstances(ec2, Tags.filters(app)).stream()
                .filter(instance -> instance.metadataOptions() == null
                        || instance.metadataOptions().httpTokens() != HttpTokensState.REQUIRED)
                .map(Instance::instanceId).toList();
        checks.add(new SecurityCheck("aws: IMDSv2", optional.isEmpty(), optional.isEmpty()
                ? "every instance requires IMDSv2 session tokens" : "IMDSv1 still answers on " + optional));
        return checks;
    }

    /** The hosts' hardening with the AWS checks added, the score lowered for each that failed. */
    static SecurityConfig combined(SecurityConfig hosts, List<SecurityCheck> aws, Optional<String> certificate) {
        List<SecurityCheck> checks = new ArrayList<>(hosts.vulnerabilityScanResults());
        checks.addAll(aws);
        List<String> recommendations = new ArrayList<>(hosts.recommendations());
        long failed = aws.stream().filter(check -> !check.passed()).count();
        aws.stream().filter(check -> !check.passed()).forEach(check -> recommendations.add("Fix " + check.name()
                + ": " + check.detail()));
        aws.stream().filter(check -> check.detail().startsWith(Inspector.NOT_ENABLED)).findFirst().ifPresent(check ->
                recommendations.add("Have Amazon Inspector scan the instances: aws inspector2 enable --resource-types "
                        + "EC2 (paid; its findings then show here)"));
        if (certificate.isEmpty()) {
            recommendations.add("Serve HTTPS on the load balancer: pass --certificate-arn (and --domain)");
        }
        return new SecurityConfig(certificate.isPresent() || hosts.sslEnabled(), certificate.or(hosts::certificateArn),
                hosts.firewallRules(), hosts.openPorts(), checks,
                (int) Math.max(0, hosts.securityScore() - PENALTY * failed), recommendations);
    }
}
