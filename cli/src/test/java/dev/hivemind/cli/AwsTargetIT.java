package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.target.aws.standin.AwsStandIn;
import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --target aws} end to end. AWS itself cannot be reached from this machine and no AWS emulator runs here, so
 * the AWS APIs are {@link AwsStandIn}, a stand-in written for these tests (EC2, ELBv2, STS, RDS, Secrets Manager,
 * ACM and the tagging API, in memory), reached through {@code AWS_ENDPOINT_URL} as a user would reach LocalStack. Its
 * RDS instance is a name, not a PostgreSQL server: behind it the test starts a real PostgreSQL server on this machine
 * ({@link RdsStandInServer}), which the instance resolves the endpoint to, so the app's migration and the app really
 * use a database. Everything
 * after the AWS
 * calls is real: the "instances" it starts are two real Debian servers ({@link TestHosts}: systemd and OpenSSH in
 * network namespaces), which HiveMind bootstraps, deploys to and hardens over SSH with the key pair it made, and the
 * stand-in's load balancer forwards real HTTP to them once their health checks pass.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AwsTargetIT {
    @RegisterExtension
    static final TestHosts HOSTS = TestHosts.boot(2);
    private static final AwsStandIn CLOUD = AwsStandIn.start();
    @TempDir
    static Path home;
    @TempDir
    static Path work;
    private static CliHarness cli;

    private static CliHarness cli() {
        assumeTrue(TestHosts.unavailableReason().isEmpty(), () -> TestHosts.unavailableReason().get());
        if (cli == null) {
            cli = new CliHarness(home, work);
            CLOUD.handOut(HOSTS.hosts().stream().map(TestHost::address).toList(), AwsTargetIT::cloudInit);
        }
        return cli;
    }

    /** What cloud-init does on a Debian image: the imported key for the admin login, which may sudo. */
    private static void cloudInit(String address, String publicKey) {
        TestHost host = HOSTS.hosts().stream().filter(candidate -> candidate.address().equals(address)).findFirst()
                .orElseThrow();
        var result = host.exec("id admin >/dev/null 2>&1 || useradd -m -s /bin/bash admin; install -d -m 700 -o admin "
                + "-g admin /home/admin/.ssh; echo '" + publicKey + "' > /home/admin/.ssh/authorized_keys; "
                + "chown admin:admin /home/admin/.ssh/authorized_keys; chmod 600 /home/admin/.ssh/authorized_keys; "
                + "echo 'admin ALL=(ALL) NOPASSWD:ALL' > /etc/sudoers.d/90-cloud-init-users; "
                + "chmod 440 /etc/sudoers.d/90-cloud-init-users");
        assertThat(result.ok()).as(result.toString()).isTrue();
    }

    @AfterAll
    static void stop() {
        CLOUD.close();
    }

    private static Map<String, String> aws() {
        return Map.of("AWS_ENDPOINT_URL", CLOUD.endpoint().toString(), "AWS_ACCESS_KEY_ID", "AKIATEST",
                "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "us-east-1");
    }

    private static String[] deploy(String... extra) {
        List<String> args = new ArrayList<>(List.of("deploy", CliHarness.example("node-express").toString(), "--app",
                "shop", "--target", "aws", "--instances", "2", "--admin-cidr", "10.0.0.0/8"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static int creates() {
        return (int) CLOUD.calls().stream().filter(call -> call.contains(":Create") || call.contains(":Run")
                || call.contains(":Import")).count();
    }

    @Test
    @Order(1)
    void refusedCredentialsAndAnUnknownRegionStopWithExit2BeforeAnythingIsCreated() {
        Map<String, String> refused = new java.util.HashMap<>(aws());
        refused.put("AWS_ACCESS_KEY_ID", AwsStandIn.REFUSED_KEY);

        CliHarness.Result badKey = cli().run(refused, deploy());
        CliHarness.Result badRegion = cli().run(aws(), deploy("--region", "us-east-9"));

        assertThat(badKey.exitCode()).as(badKey.toString()).isEqualTo(2);
        assertThat(badKey.err()).contains("AWS refused the credentials (InvalidClientTokenId")
                .contains("aws sts get-caller-identity");
        assertThat(badRegion.exitCode()).as(badRegion.toString()).isEqualTo(2);
        assertThat(badRegion.err()).contains("'us-east-9' is not an AWS region");
        assertThat(creates()).isZero();
    }

    @Test
    @Order(2)
    void aRunKilledAfterRunInstancesIsResumedWithoutDuplicatesAndServesThroughTheLoadBalancer() {
        CLOUD.loseAnswerOf("RunInstances");
        CliHarness.Result killed = cli().run(aws(), deploy());
        assertThat(killed.exitCode()).as(killed.toString()).isEqualTo(1);

        CliHarness.Result resumed = cli().run(aws(), "resume", killed.deploymentId());

        assertThat(resumed.exitCode()).as(resumed.toString()).isZero();
        assertThat(killed.err()).contains("plan: create vpc main: 10.0.0.0/16")
                .contains("plan: create instance web-2: t3.small").containsPattern("plan: estimated cost: \\$\\d+\\.\\d\\d a "
                        + "month \\(on-demand prices of us-east-1 as of 2026-11-01");
        assertThat(resumed.err()).contains("found instance web-1 ").contains("by its tags");
        assertThat(CLOUD.live("instance")).hasSize(2);
        assertThat(CLOUD.live("vpc")).hasSize(1);
        assertThat(CLOUD.live("load-balancer")).hasSize(1);
        for (String line : CLOUD.tagged("shop")) {
            String id = line.substring(line.indexOf(' ') + 1);
            assertThat(CLOUD.tags(id)).as(line).containsEntry("hivemind:managed", "true")
                    .containsEntry("hivemind:app", "shop").containsKey("hivemind:deployment");
        }
        java.util.regex.Matcher served = java.util.regex.Pattern.compile("URL: (http://127\\.0\\.0\\.1:\\d+)")
                .matcher(resumed.out());
        assertThat(served.find()).as(resumed.toString()).isTrue();
        String url = served.group(1);
        assertThat(resumed.err()).contains("load balancer: 2 of 2 instance(s) healthy");
        assertThat(Http.get(url + "/").body()).isEqualTo("Hello from node-express v1\n");

        String vpc = CLOUD.live("vpc").get(0);
        CliHarness.Result status = cli().run(aws(), "status", "shop");
        assertThat(status.exitCode()).as(status.toString()).isZero();
        assertThat(status.out()).contains("AWS resources in us-east-1 (account " + AwsStandIn.ACCOUNT + "):")
                .contains("arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT + ":vpc/" + vpc)
                .contains("https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId="
                        + vpc)
                .contains("https://us-east-1.console.aws.amazon.com/ec2/home?region=us-east-1#LoadBalancer:"
                        + "loadBalancerArn=arn:aws:elasticloadbalancing:us-east-1:")
                .containsPattern("AWS estimated cost: \\$\\d+\\.\\d\\d a month")
                .contains("load balancer's view of the instances (target health):")
                .containsPattern("  web-1 i-\\w+:80 healthy").containsPattern("  web-2 i-\\w+:80 healthy");

        CliHarness.Result report = cli().run(aws(), "report", "shop");
        assertThat(report.exitCode()).as(report.toString()).isZero();
        assertThat(report.out()).contains("arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT + ":vpc/" + vpc)
                .contains("https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1#VpcDetails:VpcId="
                        + vpc);
    }

    @Test
    @Order(3)
    void destroyLeavesNothingTagged() {
        CliHarness.Result result = cli().run(aws(), "destroy", "shop", "--auto-approve");

        assertThat(result.exitCode()).as(result.toString()).isZero();
        assertThat(result.err() + result.out()).contains("leak check: nothing tagged hivemind:app=shop is left");
        assertThat(CLOUD.tagged("shop")).isEmpty();
        assertThat(CLOUD.live("load-balancer")).isEmpty();
    }

    @Test
    @Order(4)
    void anAppThatNeedsPostgresGetsRdsWithItsPasswordInSecretsManagerAndDestroySkipsTheFinalSnapshotWhenAsked() {
        CLOUD.handOut(HOSTS.hosts().stream().limit(1).map(TestHost::address).toList(), AwsTargetIT::cloudInit);
        CliHarness.Result provisioned = cli().run(aws(), "deploy", CliHarness.example("node-postgres").toString(),
                "--app", "ledger", "--target", "aws", "--admin-cidr", "10.0.0.0/8", "--until", "provision");

        assertThat(provisioned.exitCode()).as(provisioned.toString()).isZero();
        assertThat(provisioned.err()).contains("plan: create db-instance main: PostgreSQL on db.t3.micro")
                .contains("plan: create secret database:")
                .contains("database hivemind-ledger is available at hivemind-ledger.c0standin.us-east-1.rds"
                        + ".amazonaws.com:5432");
        assertThat(CLOUD.live("db-instance")).hasSize(1);
        String password = CLOUD.attribute(CLOUD.live("db-instance").get(0), "password").orElseThrow();
        assertThat(provisioned.err() + provisioned.out()).doesNotContain(password);

        // the stand-in's RDS endpoint is a name: a real PostgreSQL server on this machine (on the test hosts' network)
        // stands behind it, with the master user, password and database HiveMind created the RDS instance with, and
        // the instance resolves the endpoint to it, so the migration and the app really use a database
        String db = CLOUD.live("db-instance").get(0);
        String user = CLOUD.attribute(db, "user").orElseThrow();
        String dbName = CLOUD.attribute(db, "dbName").orElseThrow();
        String endpoint = CLOUD.attribute(db, "identifier").orElseThrow() + ".c0standin.us-east-1.rds.amazonaws.com";
        TestHost first = HOSTS.hosts().get(0);
        assertThat(first.exec("echo '" + HOSTS.machineAddress() + " " + endpoint + "' >> /etc/hosts").ok()).isTrue();
        try (RdsStandInServer rds = RdsStandInServer.start(HOSTS.machineAddress(), user, password, dbName)) {
            CliHarness.Result deployed = cli().run(aws(), "deploy", CliHarness.example("node-postgres").toString(),
                    "--app", "ledger", "--target", "aws", "--admin-cidr", "10.0.0.0/8");

            assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
            assertThat(deployed.err()).contains("no pg_dump backup before the migration")
                    .contains(first.address() + ":22: migrating with `npm run migrate` in /var/lib/hivemind/apps/"
                            + "ledger/releases/")
                    .contains(first.address() + ":22: migrated: table notes is ready")
                    .contains(first.address() + ":22: migration finished");
            assertThat(deployed.err() + deployed.out()).doesNotContain(password);
            assertThat(rds.query(user, dbName, "SELECT count(*) FROM information_schema.tables WHERE table_name = "
                    + "'notes'")).isEqualTo("1");
            java.util.regex.Matcher served = java.util.regex.Pattern.compile("URL: (http://127\\.0\\.0\\.1:\\d+)")
                    .matcher(deployed.out());
            assertThat(served.find()).as(deployed.toString()).isTrue();
            assertThat(Http.get(served.group(1) + "/database").body()).contains("\"role\":\"" + user + "\"")
                    .contains("\"database\":\"" + dbName + "\"");
        }

        CliHarness.Result destroyed = cli().run(aws(), "destroy", "ledger", "--auto-approve", "--skip-final-snapshot");

        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(destroyed.err() + destroyed.out()).contains("no final snapshot of hivemind-ledger "
                + "(--skip-final-snapshot)").contains("leak check: nothing tagged hivemind:app=ledger is left");
        assertThat(CLOUD.live("db-snapshot")).isEmpty();
        assertThat(CLOUD.live("secret")).isEmpty();
        assertThat(CLOUD.tagged("ledger")).isEmpty();
    }

    @Test
    @Order(5)
    void anAppThatGivesDatabaseUrlGetsNoRds() {
        CLOUD.handOut(HOSTS.hosts().stream().limit(1).map(TestHost::address).toList(), AwsTargetIT::cloudInit);
        CliHarness.Result provisioned = cli().run(aws(), "deploy", CliHarness.example("node-postgres").toString(),
                "--app", "notes", "--target", "aws", "--admin-cidr", "10.0.0.0/8", "--until", "provision", "--env",
                "DATABASE_URL=postgresql://notes:elsewhere-secret@db.example.com:5432/notes");

        assertThat(provisioned.exitCode()).as(provisioned.toString()).isZero();
        assertThat(provisioned.err()).contains("no RDS: the app's environment gives DATABASE_URL")
                .doesNotContain("plan: create db-instance").doesNotContain("plan: create secret");
        assertThat(CLOUD.live("db-instance")).isEmpty();
        assertThat(CLOUD.live("secret")).isEmpty();
        assertThat(provisioned.err() + provisioned.out()).doesNotContain("elsewhere-secret");

        CliHarness.Result destroyed = cli().run(aws(), "destroy", "notes", "--auto-approve");
        assertThat(destroyed.exitCode()).as(destroyed.toString()).isZero();
        assertThat(CLOUD.tagged("notes")).isEmpty();
    }
}
