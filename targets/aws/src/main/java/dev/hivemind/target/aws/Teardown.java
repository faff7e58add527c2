package dev.hivemind.target.aws;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.HivemindHome;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;

/**
 * Removes an app's AWS resources in dependency order: listeners, load balancer, target group, the certificate
 * HiveMind requested, instances (waiting until they are terminated), the RDS instance (with a final snapshot unless
 * skipped; waiting until it is gone), its secret and DB subnet group, key pair, security groups (their cross-references first), route tables, internet
 * gateway, subnets, VPC. What it removes is what the ledger names and what the tags find (a killed run may have made
 * something it never recorded); a resource already gone is skipped, so destroy can run again after a failure. A
 * {@code DependencyViolation} (AWS still releasing a dependency) is retried. Then the leak check: anything still tagged
 * with the app fails the destroy, listed with how to remove it.
 */
final class Teardown {
    private static final int DEPENDENCY_ATTEMPTS = 30;
    private static final Duration INSTANCE_DEADLINE = Duration.ofMinutes(10);

    /** The kinds the leak check describes directly (by tags or by name). */
    private static final Set<String> DESCRIBED = Set.of("instance", "key-pair", "security-group", "route-table",
            "internet-gateway", "subnet", "vpc", "load-balancer", "listener", "target-group", "db-instance",
            "db-subnet-group", "secret");
    private static final Duration DATABASE_DEADLINE = Duration.ofMinutes(40);
    private static final DateTimeFormatter SNAPSHOT_TIME = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private final AwsClients aws;
    private final Ec2Client ec2;
    private final LoadBalancing balancing;
    private final HivemindHome home;
    private final boolean skipFinalSnapshot;
    private final Progress progress;
    private AwsLedger ledger;

    Teardown(AwsClients aws, HivemindHome home, AwsLedger ledger, boolean skipFinalSnapshot, Progress progress) {
        this.aws = aws;
        this.ec2 = aws.ec2();
        this.balancing = new LoadBalancing(aws.elb(), null, null);
        this.home = home;
        this.ledger = ledger;
        this.skipFinalSnapshot = skipFinalSnapshot;
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
        deleteCertificate(app);
        terminateInstances(app);
        deleteDatabase(app);
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

    /** The ACM certificate HiveMind requested for {@code --domain} (never one given with --certificate-arn). */
    private void deleteCertificate(String app) {
        Set<String> arns = new LinkedHashSet<>();
        ledger.ofKind("certificate").forEach(entry -> arns.add(entry.id()));
        Certificates.find(aws.acm(), app, null).ifPresent(arns::add);
        for (String arn : arns) {
            retryingDependencies("certificate " + arn, () -> aws.acm().deleteCertificate(request -> request
                    .certificateArn(arn)));
        }
        forgetKind("certificate");
    }

    /**
     * Deletes the RDS instance (with a final snapshot, unless skipped) and waits until it is gone, then the secret
     * of its password (for good, no recovery window) and its DB subnet group. RDS has no tags filter on its
     * describes: the instance and the group are found by their names, which the app's name fixes.
     */
    private void deleteDatabase(String app) {
        RdsClient rds = aws.rds();
        String identifier = ledger.id("db-instance", "main").orElse(Database.identifier(app));
        Optional<DBInstance> found = Database.find(rds, identifier);
        if (found.isPresent() && !"deleting".equals(found.get().dbInstanceStatus())) {
            String snapshot = identifier + "-final-" + SNAPSHOT_TIME.format(Instant.now());
            retryingDependencies("RDS instance " + identifier, () -> rds.deleteDBInstance(request -> {
                request.dbInstanceIdentifier(identifier).deleteAutomatedBackups(true);
                if (skipFinalSnapshot) {
                    request.skipFinalSnapshot(true);
                } else {
                    request.skipFinalSnapshot(false).finalDBSnapshotIdentifier(snapshot);
                }
            }));
            progress.line(skipFinalSnapshot ? "no final snapshot of " + identifier + " (--skip-final-snapshot)"
                    : "final snapshot of " + identifier + ": " + snapshot + " (kept: restore it with aws rds "
                    + "restore-db-instance-from-db-snapshot, or delete it with aws rds delete-db-snapshot "
                    + "--db-snapshot-identifier " + snapshot + ")");
        }
        long deadline = System.nanoTime() + DATABASE_DEADLINE.toNanos();
        while (Database.find(rds, identifier).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.PROVISIONER, "the RDS instance " + identifier + " is still "
                        + "being deleted after " + DATABASE_DEADLINE.toMinutes() + " minutes", "Destroying the "
                        + "database", "Run hivemind destroy again once the RDS console no longer shows it");
            }
            Compute.sleep();
        }
        if (found.isPresent()) {
            progress.line("deleted RDS instance " + identifier);
        }
        forgetKind("db-instance");
        String secret = ledger.id("secret", "database").orElse(Database.secretName(app));
        if (Database.describeSecret(aws.secrets(), secret).filter(described -> described.deletedDate() == null)
                .isPresent()) {
            aws.secrets().deleteSecret(request -> request.secretId(secret).forceDeleteWithoutRecovery(true));
            progress.line("deleted secret " + Database.secretName(app));
        }
        forgetKind("secret");
        String subnetGroup = ledger.id("db-subnet-group", "main").orElse(Database.identifier(app));
        retryingDependencies("DB subnet group " + subnetGroup, () -> rds.deleteDBSubnetGroup(request -> request
                .dbSubnetGroupName(subnetGroup)));
        forgetKind("db-subnet-group");
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
                boolean dependency = "DependencyViolation".equals(code) || "ResourceInUse".equals(code)
                        || "ResourceInUseException".equals(code)
                        || "InvalidDBSubnetGroupStateFault".equals(code) || "InvalidDBInstanceState".equals(code);
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
        return code.endsWith(".NotFound") || code.endsWith("NotFound") || code.endsWith("NotFoundFault")
                || code.equals("ResourceNotFoundException");
    }

    /**
     * The leak check: what is still there of the app, one line each with how to remove it. It asks the Resource
     * Groups Tagging API for everything tagged {@code hivemind:app=APP} in the region, and describes directly what
     * that API may not list yet (it is eventually consistent) or not at all (key pairs): the EC2 resources by their
     * tags, the load balancer and target group, the RDS instance and DB subnet group and the secret by their names.
     * A final snapshot is kept on purpose and not a leak.
     */
    static List<String> leftovers(AwsClients aws, String app) {
        Map<String, String> left = new LinkedHashMap<>();
        Ec2Client ec2 = aws.ec2();
        for (String kind : Ec2Inventory.KINDS) {
            if (!kind.equals("key-pair")) {
                Ec2Inventory.find(ec2, kind, Tags.filters(app)).forEach(id -> left.put(id, kind + " " + id));
            }
        }
        // a key pair's ARN names its id, not its name
        ec2.describeKeyPairs(request -> request.filters(Tags.filters(app))).keyPairs().forEach(pair -> left.put(
                pair.keyPairId() == null ? pair.keyName() : pair.keyPairId(), "key-pair " + pair.keyName()));
        LoadBalancing balancing = new LoadBalancing(aws.elb(), null, null);
        balancing.loadBalancer(app).ifPresent(lb -> left.put(lb.loadBalancerArn(), "load-balancer "
                + lb.loadBalancerArn()));
        balancing.targetGroup(app).ifPresent(group -> left.put(group.targetGroupArn(), "target-group "
                + group.targetGroupArn()));
        Database.find(aws.rds(), Database.identifier(app)).ifPresent(db -> left.put(db.dbInstanceArn(),
                "db-instance " + db.dbInstanceIdentifier()));
        subnetGroup(aws.rds(), Database.identifier(app)).ifPresent(arn -> left.put(arn, "db-subnet-group "
                + Database.identifier(app)));
        Database.describeSecret(aws.secrets(), Database.secretName(app)).filter(secret -> secret.deletedDate() == null)
                .ifPresent(secret -> left.put(secret.arn(), "secret " + secret.arn()));
        for (String arn : Tagging.arns(aws.tagging(), app)) {
            String kind = Tagging.kind(arn);
            // the describes above are authoritative for their kinds; the tagging API lists deleted resources for a
            // while after (it is eventually consistent), which would fail a clean destroy
            if (DESCRIBED.contains(kind) || (kind.equals("certificate") && !certificateExists(aws, arn))
                    || (kind.equals("volume") && !volumeExists(ec2, arn.substring(arn.lastIndexOf('/') + 1)))) {
                continue;
            }
            boolean known = left.keySet().stream().anyMatch(id -> arn.equals(id) || arn.endsWith("/" + id)
                    || arn.endsWith(":" + id)) || left.values().stream().anyMatch(line -> arn.endsWith(":db:"
                    + line.substring(line.indexOf(' ') + 1)) || arn.endsWith(":subgrp:" + line.substring(line
                    .indexOf(' ') + 1)));
            if (!known && !arn.contains(":snapshot:")) {
                left.put(arn, kind + " " + arn);
            }
        }
        return left.values().stream().map(line -> line + " (" + Tagging.removal(line) + ")").toList();
    }

    private static boolean volumeExists(Ec2Client ec2, String volume) {
        return !gone(() -> ec2.describeVolumes(request -> request.volumeIds(volume)).volumes().stream()
                .noneMatch(found -> !"deleted".equals(found.stateAsString())));
    }

    private static boolean certificateExists(AwsClients aws, String arn) {
        try {
            aws.acm().describeCertificate(request -> request.certificateArn(arn));
            return true;
        } catch (software.amazon.awssdk.services.acm.model.ResourceNotFoundException e) {
            return false;
        }
    }

    private static Optional<String> subnetGroup(RdsClient rds, String name) {
        try {
            return rds.describeDBSubnetGroups(request -> request.dbSubnetGroupName(name)).dbSubnetGroups().stream()
                    .findFirst().map(group -> group.dbSubnetGroupArn());
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
    }
}
