package dev.hivemind.target.aws;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.HivemindHome;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;

/**
 * Removes an app's AWS resources in dependency order: listeners, load balancer, target group, instances (waiting
 * until they are terminated), key pair, security groups (their cross-references first), route tables, internet
 * gateway, subnets, VPC. What it removes is what the ledger names and what the tags find (a killed run may have made
 * something it never recorded); a resource already gone is skipped, so destroy can run again after a failure. A
 * {@code DependencyViolation} (AWS still releasing a dependency) is retried. Then the leak check: anything still tagged
 * with the app fails the destroy, listed with how to remove it.
 */
final class Teardown {
    private static final int DEPENDENCY_ATTEMPTS = 30;
    private static final Duration INSTANCE_DEADLINE = Duration.ofMinutes(10);

    private final Ec2Client ec2;
    private final LoadBalancing balancing;
    private final HivemindHome home;
    private final Progress progress;
    private AwsLedger ledger;

    Teardown(Ec2Client ec2, LoadBalancing balancing, HivemindHome home, AwsLedger ledger, Progress progress) {
        this.ec2 = ec2;
        this.balancing = balancing;
        this.home = home;
        this.ledger = ledger;
        this.progress = progress;
    }

    void run() {
        String app = ledger.app();
        balancing.loadBalancer(app).ifPresent(lb -> {
            balancing.listeners(lb.loadBalancerArn()).forEach(listener -> balancing.deleteListener(listener
                    .listenerArn()));
            balancing.deleteLoadBalancer(lb.loadBalancerArn());
            progress.line("deleted load balancer " + lb.loadBalancerName() + " and its listeners");
        });
        forgetKind("listener");
        forgetKind("load-balancer");
        balancing.targetGroup(app).ifPresent(group -> retryingDependencies("target group " + group.targetGroupName(),
                () -> balancing.deleteTargetGroup(group.targetGroupArn())));
        forgetKind("target-group");
        terminateInstances(app);
        for (String name : ids("key-pair", app)) {
            retryingDependencies("key pair " + name, () -> ec2.deleteKeyPair(request -> request.keyName(name)));
        }
        forgetKind("key-pair");
        deleteGroups(app);
        deleteRouteTables(app);
        for (String gateway : ids("internet-gateway", app)) {
            ifExists(() -> ec2.describeInternetGateways(request -> request.internetGatewayIds(gateway))
                    .internetGateways().stream().flatMap(found -> found.attachments().stream())
                    .forEach(attachment -> ec2.detachInternetGateway(request -> request.internetGatewayId(gateway)
                            .vpcId(attachment.vpcId()))));
            retryingDependencies("internet gateway " + gateway, () -> ec2.deleteInternetGateway(request -> request
                    .internetGatewayId(gateway)));
        }
        forgetKind("internet-gateway");
        for (String subnet : ids("subnet", app)) {
            retryingDependencies("subnet " + subnet, () -> ec2.deleteSubnet(request -> request.subnetId(subnet)));
        }
        forgetKind("subnet");
        for (String vpc : ids("vpc", app)) {
            retryingDependencies("VPC " + vpc, () -> ec2.deleteVpc(request -> request.vpcId(vpc)));
        }
        forgetKind("vpc");
    }

    private void terminateInstances(String app) {
        List<String> instances = ids("instance", app);
        if (instances.isEmpty()) {
            return;
        }
        ec2.terminateInstances(request -> request.instanceIds(instances));
        long deadline = System.nanoTime() + INSTANCE_DEADLINE.toNanos();
        while (!Ec2Inventory.liveInstances(ec2, Tags.filters(app)).isEmpty()
                || ec2.describeInstances(request -> request.instanceIds(instances)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).map(Instance::state)
                .anyMatch(state -> !"terminated".equals(state.nameAsString()))) {
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.PROVISIONER, "instances " + instances + " were not "
                        + "terminated after " + INSTANCE_DEADLINE.toMinutes() + " minutes", "Destroying the instances",
                        "Run hivemind destroy again once EC2 shows them terminated");
            }
            Compute.sleep();
        }
        progress.line("terminated instance(s) " + String.join(", ", instances));
        forgetKind("instance");
    }

    /** Deletes the groups after removing the rules that let one group reach another (which would block deletion). */
    private void deleteGroups(String app) {
        List<String> groups = ids("security-group", app);
        for (String group : groups) {
            ifExists(() -> ec2.describeSecurityGroups(request -> request.groupIds(group)).securityGroups()
                    .forEach(found -> {
                        List<IpPermission> referencing = found.ipPermissions().stream()
                                .filter(rule -> !rule.userIdGroupPairs().isEmpty()).toList();
                        if (!referencing.isEmpty()) {
                            ec2.revokeSecurityGroupIngress(request -> request.groupId(group)
                                    .ipPermissions(referencing));
                        }
                    }));
        }
        for (String group : groups) {
            retryingDependencies("security group " + group, () -> ec2.deleteSecurityGroup(request -> request
                    .groupId(group)));
        }
        forgetKind("security-group");
    }

    private void deleteRouteTables(String app) {
        for (String table : ids("route-table", app)) {
            ifExists(() -> ec2.describeRouteTables(request -> request.routeTableIds(table)).routeTables().stream()
                    .flatMap(found -> found.associations().stream()).filter(association -> !Boolean.TRUE.equals(
                            association.main())).forEach(association -> ec2.disassociateRouteTable(request -> request
                            .associationId(association.routeTableAssociationId()))));
            retryingDependencies("route table " + table, () -> ec2.deleteRouteTable(request -> request
                    .routeTableId(table)));
        }
        forgetKind("route-table");
    }

    /** The ledger's ids of {@code kind} and those its tags find, once each. */
    private List<String> ids(String kind, String app) {
        Set<String> ids = new LinkedHashSet<>();
        ledger.ofKind(kind).forEach(entry -> ids.add(entry.id()));
        ids.addAll(Ec2Inventory.find(ec2, kind, Tags.filters(app)));
        if (kind.equals("instance")) {
            ids.removeIf(id -> gone(() -> ec2.describeInstances(request -> request.instanceIds(id)).reservations()
                    .stream().flatMap(reservation -> reservation.instances().stream())
                    .allMatch(instance -> "terminated".equals(instance.state().nameAsString()))));
        }
        return new ArrayList<>(ids);
    }

    private void forgetKind(String kind) {
        for (AwsLedger.Entry entry : ledger.ofKind(kind)) {
            ledger = ledger.without(entry);
        }
        ledger.save(home);
    }

    /** Runs {@code delete}, again while AWS says a dependency is still there; a resource already gone is fine. */
    private void retryingDependencies(String what, Runnable delete) {
        for (int attempt = 1; ; attempt++) {
            try {
                delete.run();
                progress.line("deleted " + what);
                return;
            } catch (AwsServiceException e) {
                if (notFound(e)) {
                    return;
                }
                String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
                boolean dependency = "DependencyViolation".equals(code) || "ResourceInUse".equals(code);
                if (!dependency || attempt == DEPENDENCY_ATTEMPTS) {
                    throw e;
                }
                progress.line(what + " still has a dependency AWS is releasing (" + code + "): retrying");
                Compute.sleep();
            }
        }
    }

    /** Runs {@code step} on a resource that may be gone already (a destroy run again): gone is fine. */
    private static void ifExists(Runnable step) {
        gone(() -> {
            step.run();
            return false;
        });
    }

    /** {@code check}'s answer, or true when AWS says the resource does not exist. */
    private static boolean gone(java.util.function.BooleanSupplier check) {
        try {
            return check.getAsBoolean();
        } catch (AwsServiceException e) {
            if (notFound(e)) {
                return true;
            }
            throw e;
        }
    }

    private static boolean notFound(AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        return code.endsWith(".NotFound") || code.endsWith("NotFound");
    }

    /** What is still tagged with the app: the leak check's findings, one line each. */
    static List<String> leftovers(Ec2Client ec2, LoadBalancing balancing, String app) {
        List<String> left = new ArrayList<>();
        for (String kind : Ec2Inventory.KINDS) {
            Ec2Inventory.find(ec2, kind, Tags.filters(app)).forEach(id -> left.add(kind + " " + id));
        }
        balancing.loadBalancer(app).ifPresent(lb -> left.add("load-balancer " + lb.loadBalancerArn()));
        balancing.targetGroup(app).ifPresent(group -> left.add("target-group " + group.targetGroupArn()));
        return left;
    }
}
