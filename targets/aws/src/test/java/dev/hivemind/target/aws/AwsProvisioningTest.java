package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.CloudSettings;
import dev.hivemind.target.aws.standin.AwsStandIn;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/**
 * Provisioning and teardown through the AWS SDK against {@link AwsStandIn}, a stand-in for AWS's EC2 and ELBv2 APIs
 * (this machine cannot reach AWS, and no AWS emulator runs here), reached through {@code AWS_ENDPOINT_URL}.
 */
class AwsProvisioningTest {
    private static final String APP = "shop";
    private final AwsStandIn cloud = AwsStandIn.start();
    private final List<String> lines = new ArrayList<>();
    @TempDir
    Path directory;

    @AfterEach
    void stop() {
        cloud.close();
    }

    private Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIATEST",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "us-east-1");
    }

    private AwsPlan plan(int instances) {
        return AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), instances, Optional.empty(),
                Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()), Optional.empty(), 80);
    }

    private AwsProvisioning.Provisioned provision(int instances) {
        return provision(plan(instances));
    }

    private AwsProvisioning.Provisioned provision(AwsPlan plan) {
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            return AwsProvisioning.run(aws, new HivemindHome(directory), plan, "20261207-1", "/health",
                    lines::add);
        }
    }

    static TechStack stack(Optional<String> database) {
        return new TechStack("nodejs", "express", "20", List.of(), database.isPresent(), database, "npm",
                "node server.js", Optional.of("/health"), List.of(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
    }

    private AwsPlan withPostgres() {
        return AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()),
                Optional.of(stack(Optional.of("postgresql"))), 80);
    }

    private List<String> destroy(boolean skipFinalSnapshot) {
        AwsLedger ledger = AwsLedger.load(new HivemindHome(directory), APP).orElseThrow();
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            return AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, skipFinalSnapshot, lines::add);
        }
    }

    @Test
    void createsTheTaggedNetworkInstancesAndLoadBalancerAndRecordsEachOne() throws Exception {
        AwsProvisioning.Provisioned made = provision(2);

        assertThat(cloud.live("vpc")).hasSize(1);
        assertThat(cloud.live("subnet")).hasSize(4);
        assertThat(cloud.live("internet-gateway")).hasSize(1);
        assertThat(cloud.live("route-table")).hasSize(2);
        assertThat(cloud.live("security-group")).hasSize(3);
        assertThat(cloud.live("instance")).hasSize(2);
        assertThat(cloud.live("load-balancer")).hasSize(1);
        assertThat(cloud.live("listener")).hasSize(1);
        for (String line : cloud.tagged(APP)) {
            String id = line.substring(line.indexOf(' ') + 1);
            assertThat(cloud.tags(id)).as(line).containsEntry("hivemind:app", APP)
                    .containsEntry("hivemind:deployment", "20261207-1").containsEntry("hivemind:managed", "true")
                    .containsKey("hivemind:role");
        }
        assertThat(cloud.tagged(APP)).hasSize(1 + 4 + 1 + 2 + 3 + 1 + 2 + 2 + 1 + 1 + 1);
        for (String instance : cloud.live("instance")) {
            assertThat(cloud.attribute(instance, "httpTokens")).contains("required");
        }
        assertThat(made.ledger().resources()).hasSize(1 + 4 + 1 + 2 + 3 + 1 + 2 + 1 + 1 + 1);
        assertThat(AwsLedger.load(new HivemindHome(directory), APP)).contains(made.ledger());
        assertThat(made.loadBalancerDns()).startsWith("127.0.0.1:");
        assertThat(Files.getPosixFilePermissions(KeyFiles.privateKey(new HivemindHome(directory), APP)))
                .containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ,
                        java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void aSecondRunCreatesNothing() {
        provision(1);
        List<String> before = cloud.tagged(APP);
        int creates = creates();

        provision(1);

        assertThat(cloud.tagged(APP)).isEqualTo(before);
        assertThat(creates()).isEqualTo(creates);
    }

    @Test
    void aRunKilledAfterAwsCreatedTheInstanceAndBeforeItWasRecordedIsResumedWithoutADuplicate() {
        for (String action : List.of("CreateVpc", "CreateSubnet", "CreateSecurityGroup", "RunInstances",
                "CreateLoadBalancer", "CreateListener")) {
            cloud.loseAnswerOf(action);
            assertThatThrownBy(() -> provision(1)).as(action).isInstanceOf(AwsServiceException.class)
                    .hasMessageContaining("its answer lost");
        }

        AwsProvisioning.Provisioned made = provision(1);

        assertThat(cloud.live("vpc")).hasSize(1);
        assertThat(cloud.live("subnet")).hasSize(4);
        assertThat(cloud.live("security-group")).hasSize(3);
        assertThat(cloud.live("instance")).hasSize(1);
        assertThat(cloud.live("load-balancer")).hasSize(1);
        assertThat(cloud.live("listener")).hasSize(1);
        assertThat(made.ledger().resources()).extracting(AwsLedger.Entry::id)
                .containsAll(cloud.live("instance")).containsAll(cloud.live("vpc"));
        assertThat(lines).anyMatch(line -> line.startsWith("found instance web-1 ") && line.contains("by its tags"));
    }

    @Test
    void destroyRemovesEverythingInDependencyOrderAndCanRunAgain() {
        provision(2);
        AwsLedger ledger = AwsLedger.load(new HivemindHome(directory), APP).orElseThrow();

        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThat(AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, false, lines::add)).isEmpty();
            assertThat(cloud.tagged(APP)).isEmpty();
            assertThat(cloud.live("load-balancer")).isEmpty();
            assertThat(cloud.live("listener")).isEmpty();
            assertThat(cloud.live("target-group")).isEmpty();
            assertThat(AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, false, lines::add)).isEmpty();
        }
        assertThat(cloud.calls()).containsSubsequence("elasticloadbalancing:DeleteLoadBalancer",
                "elasticloadbalancing:DeleteTargetGroup", "ec2:TerminateInstances", "ec2:DeleteKeyPair",
                "ec2:DeleteSecurityGroup", "ec2:DeleteRouteTable", "ec2:DetachInternetGateway",
                "ec2:DeleteInternetGateway", "ec2:DeleteSubnet", "ec2:DeleteVpc");
    }

    @Test
    void theLeakCheckFindsWhatIsStillTagged() {
        provision(1);
        AwsLedger ledger = AwsLedger.load(new HivemindHome(directory), APP).orElseThrow();
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, false, lines::add);
            String planted = cloud.plant("key-pair", APP);

            assertThat(Teardown.leftovers(aws, APP))
                    .containsExactly("key-pair " + planted + " (aws ec2 delete-key-pair --key-name " + planted + ")");
        }
    }

    @Test
    void theAuditPassesOnWhatHiveMindMadeAndFindsAGroupOpenedToTheWorldSince() {
        AwsProvisioning.Provisioned made = provision(1);
        String ssh = made.ledger().id("security-group", "ssh").orElseThrow();
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThat(AwsAudit.checks(aws.ec2(), APP)).allMatch(check -> check.passed());

            aws.ec2().authorizeSecurityGroupIngress(request -> request.groupId(ssh).ipPermissions(permission ->
                    permission.ipProtocol("tcp").fromPort(22).toPort(22).ipRanges(range -> range.cidrIp("0.0.0.0/0"))));

            assertThat(AwsAudit.checks(aws.ec2(), APP)).filteredOn(check -> !check.passed())
                    .extracting(check -> check.detail()).containsExactly("open to the world: " + ssh + " (ssh) port 22");
        }
    }

    @Test
    void anAppThatNeedsPostgresButGivesDatabaseUrlGetsNoRdsSecretOrDatabaseGroup() {
        AwsPlan given = AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()),
                Optional.of(stack(Optional.of("postgresql"))), 80, true);

        AwsProvisioning.Provisioned made = provision(given);

        assertThat(cloud.live("instance")).hasSize(1);
        assertThat(cloud.live("db-instance")).isEmpty();
        assertThat(cloud.live("secret")).isEmpty();
        assertThat(made.ledger().id("db-instance", "main")).isEmpty();
        assertThat(made.ledger().id("security-group", "db")).isEmpty();
        assertThat(cloud.calls()).noneMatch(call -> call.contains("CreateDB") || call.contains("CreateSecret"));
    }

    @Test
    void anAppThatNeedsPostgresGetsAnEncryptedPrivateRdsInstanceWhosePasswordIsOnlyInSecretsManager()
            throws Exception {
        AwsProvisioning.Provisioned made = provision(withPostgres());

        assertThat(cloud.live("db-instance")).hasSize(1);
        String db = cloud.live("db-instance").get(0);
        assertThat(cloud.attribute(db, "class")).contains("db.t3.micro");
        assertThat(cloud.attribute(db, "encrypted")).contains("true");
        assertThat(cloud.attribute(db, "public")).contains("false");
        assertThat(cloud.attribute(db, "backupDays")).contains("7");
        assertThat(cloud.attribute(db, "dbName")).contains(APP);
        String dbGroup = made.ledger().id("security-group", "db").orElseThrow();
        String appGroup = made.ledger().id("security-group", "app").orElseThrow();
        assertThat(cloud.attribute(db, "securityGroups")).contains("[" + dbGroup + "]");
        assertThat(cloud.attribute(cloud.live("db-subnet-group").get(0), "dbSubnets")).contains(
                List.of(made.ledger().id("subnet", "private-0").orElseThrow(), made.ledger().id("subnet",
                        "private-1").orElseThrow()).toString());
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            var rules = aws.ec2().describeSecurityGroups(request -> request.groupIds(dbGroup)).securityGroups().get(0)
                    .ipPermissions();
            assertThat(rules).singleElement().satisfies(rule -> {
                assertThat(rule.fromPort()).isEqualTo(5432);
                assertThat(rule.ipRanges()).isEmpty();
                assertThat(rule.userIdGroupPairs()).extracting(pair -> pair.groupId()).containsExactly(appGroup);
            });
            String secret = cloud.live("secret").get(0);
            String password = cloud.attribute(db, "password").orElseThrow();
            assertThat(cloud.attribute(secret, "value").orElseThrow()).contains("\"password\":\"" + password + "\"");
            assertThat(password).hasSize(32);
            String url = Database.url(aws.rds(), aws.secrets(), made.ledger());
            assertThat(url).isEqualTo("postgresql://hivemind:" + password + "@hivemind-shop.c0standin.us-east-1.rds"
                    + ".amazonaws.com:5432/shop");
            assertThat(made.database()).hasValueSatisfying(endpoint -> assertThat(endpoint.host())
                    .isEqualTo("hivemind-shop.c0standin.us-east-1.rds.amazonaws.com"));
            assertThat(Files.readString(AwsLedger.file(new HivemindHome(directory), APP))).doesNotContain(password)
                    .contains(secret);
            assertThat(String.join("\n", lines)).doesNotContain(password);
        }
        assertThat(cloud.tags(db)).containsEntry("hivemind:app", APP).containsEntry("hivemind:managed", "true");
        assertThat(cloud.tags(cloud.live("secret").get(0))).containsEntry("hivemind:app", APP);
    }

    @Test
    void anAppWithoutADatabaseGetsNoRds() {
        provision(AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()),
                Optional.of(stack(Optional.of("sqlite"))), 80));

        assertThat(cloud.live("db-instance")).isEmpty();
        assertThat(cloud.live("secret")).isEmpty();
        assertThat(cloud.live("security-group")).hasSize(3);
        assertThat(cloud.calls()).noneMatch(call -> call.startsWith("rds:") || call.startsWith("secretsmanager:"));
    }

    @Test
    void aRunKilledAfterEachDatabaseCreateIsResumedWithoutADuplicate() {
        for (String action : List.of("CreateSecret", "CreateDBSubnetGroup", "CreateDBInstance")) {
            cloud.loseAnswerOf(action);
            assertThatThrownBy(() -> provision(withPostgres())).as(action).isInstanceOf(AwsServiceException.class)
                    .hasMessageContaining("its answer lost");
        }

        AwsProvisioning.Provisioned made = provision(withPostgres());

        assertThat(cloud.live("secret")).hasSize(1);
        assertThat(cloud.live("db-subnet-group")).hasSize(1);
        assertThat(cloud.live("db-instance")).hasSize(1);
        assertThat(made.ledger().id("db-instance", "main")).contains("hivemind-shop");
        assertThat(made.ledger().id("secret", "database")).contains(cloud.live("secret").get(0));
        assertThat(lines).anyMatch(line -> line.startsWith("found db-instance main ") && line.contains("by its tags"));
    }

    @Test
    void awsRefusesToDeleteWhatTheDatabaseStillUses() {
        AwsProvisioning.Provisioned made = provision(withPostgres());
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThatThrownBy(() -> aws.rds().deleteDBSubnetGroup(request -> request.dbSubnetGroupName(
                    "hivemind-shop"))).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDBSubnetGroupStateFault"));
            assertThatThrownBy(() -> aws.ec2().deleteSecurityGroup(request -> request.groupId(made.ledger()
                    .id("security-group", "db").orElseThrow()))).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("DependencyViolation"));
            assertThatThrownBy(() -> aws.rds().deleteDBInstance(request -> request.dbInstanceIdentifier(
                    "hivemind-shop"))).isInstanceOfSatisfying(AwsServiceException.class,
                    e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidParameterCombination"));
        }
    }

    @Test
    void destroyDeletesTheDatabaseWithAFinalSnapshotThenItsSecretAndSubnetGroupBeforeTheNetwork() {
        provision(withPostgres());

        assertThat(destroy(false)).isEmpty();

        assertThat(cloud.live("db-instance")).isEmpty();
        assertThat(cloud.live("secret")).isEmpty();
        assertThat(cloud.live("db-subnet-group")).isEmpty();
        assertThat(cloud.live("vpc")).isEmpty();
        assertThat(cloud.live("db-snapshot")).singleElement().asString().contains(":snapshot:hivemind-shop-final-");
        assertThat(lines).anyMatch(line -> line.startsWith("final snapshot of hivemind-shop: hivemind-shop-final-"));
        assertThat(cloud.calls()).containsSubsequence("ec2:TerminateInstances", "rds:DeleteDBInstance",
                "secretsmanager:DeleteSecret", "rds:DeleteDBSubnetGroup", "ec2:DeleteSecurityGroup", "ec2:DeleteSubnet",
                "ec2:DeleteVpc");
        assertThat(destroy(false)).isEmpty();
    }

    @Test
    void destroyWithSkipFinalSnapshotTakesNone() {
        provision(withPostgres());

        assertThat(destroy(true)).isEmpty();

        assertThat(cloud.live("db-instance")).isEmpty();
        assertThat(cloud.live("db-snapshot")).isEmpty();
        assertThat(lines).contains("no final snapshot of hivemind-shop (--skip-final-snapshot)");
    }

    @Test
    void resourcesTheTaggingApiStillListsAfterTheirDeleteDoNotFailTheLeakCheck() {
        cloud.lagTaggingApi();
        provision(withDomainIssued());

        assertThat(destroy(false)).isEmpty();
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThat(Tagging.arns(aws.tagging(), APP)).as("the stand-in's tagging API lags")
                    .anyMatch(arn -> arn.contains(":vpc/")).anyMatch(arn -> arn.contains(":certificate/"))
                    .anyMatch(arn -> arn.contains(":db:"));
        }
    }

    /** A plan with a domain and a database whose certificate the stand-in issues as soon as its record is asked. */
    private AwsPlan withDomainIssued() {
        AwsPlan plan = AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1,
                Optional.of("shop.example.com"), Optional.empty(), Optional.of("198.51.100.7/32"),
                CloudSettings.Database.defaults()), Optional.of(stack(Optional.of("postgresql"))), 80);
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            AwsProvisioning.run(aws, new HivemindHome(directory), plan, "20261207-1", "/health",
                    java.time.Duration.ZERO, lines::add);
        } catch (dev.hivemind.api.error.InfrastructureException waiting) {
            String record = lines.stream().filter(line -> line.contains("add this DNS record")).findFirst()
                    .orElseThrow();
            String[] parts = record.substring(record.lastIndexOf(": ") + 2).split(" ");
            assertThat(cloud.addDnsRecord(parts[0], parts[1], parts[2])).isTrue();
        }
        return plan;
    }

    @Test
    void theLeakCheckAsksTheTaggingApiForWhatNoDescribeCovers() {
        provision(1);
        destroy(false);
        String volume = cloud.plant("volume", APP);

        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThat(Teardown.leftovers(aws, APP)).containsExactly("volume arn:aws:ec2:us-east-1:"
                    + AwsStandIn.ACCOUNT + ":volume/" + volume + " (aws ec2 delete-volume --volume-id " + volume + ")");
        }
        assertThat(cloud.calls()).contains("tagging:GetResources");
    }

    private AwsPlan withDomain(Optional<String> certificate) {
        return AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1, Optional.of("shop.example.com"),
                certificate, Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()), Optional.empty(), 80);
    }

    @Test
    void aDomainGetsAnAcmCertificateThatTheRunWaitsForThenHttpsAndARedirect() {
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            assertThatThrownBy(() -> AwsProvisioning.run(aws, new HivemindHome(directory), withDomain(Optional.empty()),
                    "20261207-1", "/health", java.time.Duration.ofSeconds(3), lines::add))
                    .isInstanceOf(dev.hivemind.api.error.InfrastructureException.class)
                    .hasMessageContaining("is still waiting for its DNS validation")
                    .hasMessageContaining("CNAME _");
        }
        assertThat(cloud.live("load-balancer")).isEmpty();
        String record = lines.stream().filter(line -> line.startsWith("certificate of shop.example.com: add this DNS "
                + "record to validate it: ")).findFirst().orElseThrow();
        String[] parts = record.substring(record.lastIndexOf(": ") + 2).split(" ");
        assertThat(parts[0]).endsWith(".shop.example.com.");
        assertThat(cloud.addDnsRecord(parts[0], parts[1], parts[2])).isTrue();

        AwsProvisioning.Provisioned made = provision(withDomain(Optional.empty()));

        assertThat(cloud.live("certificate")).singleElement().isEqualTo(made.certificateArn().orElseThrow());
        assertThat(cloud.tags(made.certificateArn().get())).containsEntry("hivemind:app", APP);
        String https = made.ledger().id("listener", "https").orElseThrow();
        String http = made.ledger().id("listener", "http").orElseThrow();
        assertThat(cloud.attribute(https, "certificate")).isEqualTo(made.certificateArn());
        assertThat(cloud.attribute(http, "redirect")).contains("HTTPS:443:HTTP_301");
        assertThat(lines).contains("certificate of shop.example.com is issued: " + made.certificateArn().get());

        assertThat(destroy(false)).isEmpty();
        assertThat(cloud.live("certificate")).isEmpty();
        assertThat(cloud.calls()).containsSubsequence("elasticloadbalancing:DeleteLoadBalancer",
                "acm:DeleteCertificate", "ec2:DeleteVpc");
    }

    @Test
    void aCertificateArnThatAcmDoesNotHaveStopsBeforeTheLoadBalancer() {
        assertThatThrownBy(() -> provision(withDomain(Optional.of("arn:aws:acm:us-east-1:" + AwsStandIn.ACCOUNT
                + ":certificate/none")))).isInstanceOf(dev.hivemind.api.error.InfrastructureException.class)
                .hasMessageContaining("ACM has no certificate");
        assertThat(cloud.live("load-balancer")).isEmpty();
        assertThat(cloud.calls()).noneMatch(call -> call.equals("acm:RequestCertificate"));
    }

    @Test
    void inspectorFindingsOnTheInstancesAreSummarizedWhenItIsEnabledAndItsAbsenceIsSaidPlainly() {
        provision(1);
        String instance = cloud.live("instance").get(0);
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            var off = Inspector.check(aws.inspector(), List.of(instance));
            assertThat(off.passed()).isTrue();
            assertThat(off.detail()).startsWith("Inspector is not enabled in this account for EC2");

            cloud.enableInspector();
            assertThat(Inspector.check(aws.inspector(), List.of(instance)).detail())
                    .isEqualTo("no active Inspector findings on the 1 instance(s)");

            cloud.addFinding(instance, "LOW", "CVE-2026-0002 - curl");
            cloud.addFinding(instance, "HIGH", "CVE-2026-0001 - openssl");
            cloud.addFinding("i-0someoneelse", "CRITICAL", "CVE-2026-0003 - not ours");
            var on = Inspector.check(aws.inspector(), List.of(instance));
            assertThat(on.passed()).isFalse();
            assertThat(on.detail()).isEqualTo("2 active Inspector finding(s) on the instances: 1 high, 1 low; worst: "
                    + "HIGH CVE-2026-0001 - openssl (" + instance + "); LOW CVE-2026-0002 - curl (" + instance + ")");
        }
    }

    private int creates() {
        return (int) cloud.calls().stream().filter(call -> call.contains(":Create") || call.contains(":Run")
                || call.contains(":Import")).count();
    }
}
