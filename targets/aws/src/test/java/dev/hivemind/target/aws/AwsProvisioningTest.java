package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            return AwsProvisioning.run(aws, new HivemindHome(directory), plan(instances), "20261207-1", "/health",
                    lines::add);
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
            assertThat(AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, lines::add)).isEmpty();
            assertThat(cloud.tagged(APP)).isEmpty();
            assertThat(cloud.live("load-balancer")).isEmpty();
            assertThat(cloud.live("listener")).isEmpty();
            assertThat(cloud.live("target-group")).isEmpty();
            assertThat(AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, lines::add)).isEmpty();
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
            AwsProvisioning.destroy(aws, new HivemindHome(directory), ledger, lines::add);
            String planted = cloud.plant("key-pair", APP);

            assertThat(Teardown.leftovers(aws.ec2(), new LoadBalancing(aws.elb(), null, null), APP))
                    .containsExactly("key-pair " + planted);
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

    private int creates() {
        return (int) cloud.calls().stream().filter(call -> call.contains(":Create") || call.contains(":Run")
                || call.contains(":Import")).count();
    }
}
