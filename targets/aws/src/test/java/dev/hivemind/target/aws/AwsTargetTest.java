package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Target;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.CloudSettings;
import dev.hivemind.api.rollout.HealthCheck;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.target.aws.standin.AwsStandIn;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The target's own edge over {@link AwsStandIn} (a stand-in for AWS: this machine cannot reach it): the database it
 * reports and gives the app, and the destroy that fails on a leftover with how to remove it.
 */
class AwsTargetTest {
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

    private AwsLedger provision(Optional<String> database) {
        AwsPlan plan = AwsPlan.of(APP, new CloudSettings(Optional.empty(), Optional.empty(), 1, Optional.empty(),
                Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()),
                Optional.of(AwsProvisioningTest.stack(database)), 80);
        try (AwsClients aws = AwsClients.open(Optional.empty(), environment())) {
            return AwsProvisioning.run(aws, new HivemindHome(directory), plan, "20261207-1", "/health", lines::add)
                    .ledger();
        }
    }

    private Target.ReleaseSpec release(String startCommand, Map<String, String> environment) {
        return new Target.ReleaseSpec(APP, "20261207-1", directory, startCommand, environment, "/health",
                Strategy.ROLLING, new Infrastructure(AwsTarget.NAME, Map.of(), List.of()), HealthCheck.defaults());
    }

    @Test
    void theDatabaseIsReportedWithoutItsPasswordAndGivenToTheAppWithTheJavaVariables() {
        AwsLedger ledger = provision(Optional.of("postgresql"));
        String password = cloud.attribute(cloud.live("db-instance").get(0), "password").orElseThrow();
        String host = "hivemind-shop.c0standin.us-east-1.rds.amazonaws.com";
        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            DatabaseInfo info = target.provisionDatabase(new Target.DatabaseRequest(APP, "postgresql",
                    Optional.empty(), Optional.empty()), lines::add);

            assertThat(info).isEqualTo(new DatabaseInfo("postgresql", true, host, 5432, APP, "hivemind",
                    Optional.empty(), Optional.empty(), Optional.empty(), Optional.of("16")));
            assertThat(info.toString()).doesNotContain(password);

            Map<String, String> java = target.withDatabase(release("java -jar app.jar", Map.of("TZ", "UTC")), ledger)
                    .environment();
            assertThat(java).containsEntry("TZ", "UTC")
                    .containsEntry("DATABASE_URL", "postgresql://hivemind:" + password + "@" + host + ":5432/shop")
                    .containsEntry("JDBC_DATABASE_URL", "jdbc:postgresql://" + host + ":5432/shop")
                    .containsEntry("SPRING_DATASOURCE_USERNAME", "hivemind")
                    .containsEntry("SPRING_DATASOURCE_PASSWORD", password);
            assertThat(target.withDatabase(release("node server.js", Map.of()), ledger).environment())
                    .containsOnlyKeys("DATABASE_URL");
            Map<String, String> given = Map.of("DATABASE_URL", "postgresql://u:p@db.example.com:5432/x");
            assertThat(target.withDatabase(release("node server.js", given), ledger).environment())
                    .isEqualTo(given);
        }
        assertThat(String.join("\n", lines)).doesNotContain(password);
    }

    @Test
    void thePlanOfAnAppWhoseEnvironmentGivesDatabaseUrlHasNoRds() {
        var request = new dev.hivemind.api.state.DeployRequest("/srv/shop", Optional.empty(), Strategy.BLUE_GREEN,
                Optional.empty(), false).withCloud(new CloudSettings(Optional.empty(), Optional.empty(), 1,
                Optional.empty(), Optional.empty(), Optional.of("198.51.100.7/32"), CloudSettings.Database.defaults()));
        var stack = Optional.of(AwsProvisioningTest.stack(Optional.of("postgresql")));
        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            List<String> made = target.plan(new Target.ProvisionRequest(APP, "d-1", request, stack, false));
            List<String> given = target.plan(new Target.ProvisionRequest(APP, "d-1", request, stack, true));

            assertThat(made).anyMatch(line -> line.startsWith("create db-instance main: PostgreSQL"));
            assertThat(given).noneMatch(line -> line.contains("db-instance") || line.contains("secret"));
            assertThat(cost(given)).isLessThan(cost(made));
        }
    }

    private static double cost(List<String> plan) {
        String line = plan.stream().filter(candidate -> candidate.startsWith("estimated cost: $")).findFirst()
                .orElseThrow();
        return Double.parseDouble(line.substring("estimated cost: $".length(), line.indexOf(' ', 17)));
    }

    @Test
    void statusListsEachResourceWithItsArnAndConsolePageTheCostAndTheLoadBalancersViewOfEachInstance() {
        AwsLedger ledger = provision(Optional.of("postgresql"));
        String instance = ledger.id("instance", "web-1").orElseThrow();
        String vpc = ledger.id("vpc", "main").orElseThrow();
        String database = ledger.id("db-instance", "main").orElseThrow();
        String balancer = ledger.id("load-balancer", "main").orElseThrow();

        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            String notes = String.join("\n", target.statusNotes(APP));

            assertThat(notes).contains("AWS resources in us-east-1 (account " + AwsStandIn.ACCOUNT + "):")
                    .contains("vpc main " + vpc + "\n      arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT + ":vpc/" + vpc
                            + "\n      https://us-east-1.console.aws.amazon.com/vpcconsole/home?region=us-east-1"
                            + "#VpcDetails:VpcId=" + vpc)
                    .contains("instance web-1 " + instance + "\n      arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT
                            + ":instance/" + instance + "\n      https://us-east-1.console.aws.amazon.com/ec2/home"
                            + "?region=us-east-1#InstanceDetails:instanceId=" + instance)
                    .contains("load-balancer main " + balancer + "\n      " + balancer + "\n      https://us-east-1"
                            + ".console.aws.amazon.com/ec2/home?region=us-east-1#LoadBalancer:loadBalancerArn="
                            + balancer)
                    .contains("db-instance main " + database + "\n      arn:aws:rds:us-east-1:" + AwsStandIn.ACCOUNT
                            + ":db:" + database + "\n      https://us-east-1.console.aws.amazon.com/rds/home"
                            + "?region=us-east-1#database:id=" + database + ";is-cluster=false")
                    .contains(String.format(java.util.Locale.ROOT, "AWS estimated cost: $%.2f a month (on-demand "
                            + "prices of us-east-1", ledger.monthly()))
                    .contains("load balancer's view of the instances (target health):")
                    // the stand-in's instance runs at an address nothing answers on: its health check fails
                    .containsPattern("  web-1 " + instance + ":80 unhealthy \\(GET http://\\S+/health answered "
                            + "nothing\\)");
            assertThat(cloud.calls()).anyMatch(call -> call.contains("DescribeTargetHealth"));
        }
    }

    @Test
    void statusSaysSoWhenAwsCannotBeRead() {
        provision(Optional.empty());
        cloud.close();

        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            assertThat(target.statusNotes(APP)).singleElement().asString().startsWith("AWS could not be read (")
                    .endsWith("the resources recorded for shop are in " + AwsLedger.file(new HivemindHome(directory),
                            APP));
        }
    }

    @Test
    void anAppWithoutRdsGetsNoDatabaseFromTheTarget() {
        AwsLedger ledger = provision(Optional.empty());
        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            assertThatThrownBy(() -> target.provisionDatabase(new Target.DatabaseRequest(APP, "postgresql",
                    Optional.empty(), Optional.empty()), lines::add)).isInstanceOf(InfrastructureException.class);
            assertThat(target.withDatabase(release("node server.js", Map.of()), ledger).environment()).isEmpty();
        }
    }

    @Test
    void destroyFailsOnALeftoverNamingItAndHowToRemoveIt() {
        provision(Optional.empty());
        String volume = cloud.plant("volume", APP);

        try (AwsTarget target = new AwsTarget(new HivemindHome(directory), Optional.empty(), environment())) {
            assertThatThrownBy(() -> target.destroy(APP, lines::add)).isInstanceOf(InfrastructureException.class)
                    .hasMessageContaining("1 resource(s) of shop are still there after the teardown")
                    .hasMessageContaining("volume arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT + ":volume/" + volume
                            + " (aws ec2 delete-volume --volume-id " + volume + ")")
                    .satisfies(e -> assertThat(((InfrastructureException) e).remediation())
                            .contains("Resource Groups & Tag Editor (tag hivemind:app=shop)"));
        }
        assertThat(cloud.live("vpc")).isEmpty();
        assertThat(cloud.tagged(APP)).containsExactly("volume " + volume);
    }
}
