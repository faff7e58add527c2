package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.remote.CloudSettings;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The seed's properties 15 to 19 over every plan: network layout, database iff needed, size by stack, groups. */
class AwsPlanPropertyTest {
    private static final List<String> LANGUAGES = List.of("nodejs", "python", "go", "java", "static");

    record Case(CloudSettings settings, TechStack stack) { }

    @Provide
    Arbitrary<Case> cases() {
        Arbitrary<CloudSettings> settings = Combinators.combine(
                Arbitraries.of(Optional.<String>empty(), Optional.of("t3.medium"), Optional.of("t4g.small")),
                Arbitraries.integers().between(0, 20),
                Arbitraries.of(Optional.<String>empty(), Optional.of("arn:aws:acm:us-east-1:1:certificate/x")),
                Arbitraries.of("203.0.113.7/32", "10.0.0.0/8", "198.51.100.0/24"))
                .as((type, instances, certificate, cidr) -> new CloudSettings(Optional.empty(), type, instances,
                        Optional.empty(), certificate, Optional.of(cidr), CloudSettings.Database.defaults()));
        Arbitrary<TechStack> stacks = Combinators.combine(Arbitraries.of(LANGUAGES),
                        Arbitraries.of(Optional.<String>empty(), Optional.of("postgresql"), Optional.of("sqlite"),
                                Optional.of("mysql")))
                .as((language, database) -> new TechStack(language, "none", "1", List.of(), database.isPresent(),
                        database, "none", "run", Optional.empty(), List.of(), Optional.empty(), Optional.empty(),
                        Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty()));
        return Combinators.combine(settings, stacks).as(Case::new);
    }

    private static AwsPlan plan(Case given) {
        return AwsPlan.of("app", given.settings(), Optional.of(given.stack()), 80);
    }

    private static long count(AwsPlan plan, String kind, String rolePrefix) {
        return plan.resources().stream().filter(resource -> resource.kind().equals(kind)
                && resource.role().startsWith(rolePrefix)).count();
    }

    /** 15, 16: a VPC with a public and a private subnet in each of two zones, a gateway and the routes. */
    @Property(tries = 200)
    void everyPlanHasTheVpcBothKindsOfSubnetInTwoZonesTheGatewayAndRoutes(@ForAll("cases") Case given) {
        AwsPlan plan = plan(given);

        assertThat(count(plan, "vpc", "")).isEqualTo(1);
        assertThat(count(plan, "subnet", "public-")).isEqualTo(2);
        assertThat(count(plan, "subnet", "private-")).isEqualTo(2);
        assertThat(plan.resources()).filteredOn(resource -> resource.kind().equals("subnet"))
                .extracting(PlannedResource::detail).anyMatch(detail -> detail.contains("zone 1"))
                .anyMatch(detail -> detail.contains("zone 2"));
        assertThat(count(plan, "internet-gateway", "")).isEqualTo(1);
        assertThat(count(plan, "route-table", "public")).isEqualTo(1);
        assertThat(count(plan, "route-table", "private")).isEqualTo(1);
    }

    /**
     * 17: RDS (with its secret, DB subnet group and database security group) if and only if the app needs a
     * PostgreSQL server; an embedded database (SQLite) needs none, and another server (MySQL) is the user's
     * {@code DATABASE_URL} or refused by the engine. {@code AwsProvisioningTest} shows the same on the stand-in.
     */
    @Property(tries = 200)
    void theDatabaseIsPlannedIfAndOnlyIfTheAppNeedsAServer(@ForAll("cases") Case given) {
        boolean needed = given.stack().databaseNeedsServer() && given.stack().databaseType().orElseThrow()
                .equals("postgresql");
        AwsPlan plan = plan(given);
        assertThat(plan.database()).isEqualTo(needed);
        assertThat(count(plan, "db-instance", "") == 1).isEqualTo(needed);
        assertThat(count(plan, "db-subnet-group", "") == 1).isEqualTo(needed);
        assertThat(count(plan, "secret", "database") == 1).isEqualTo(needed);
        assertThat(count(plan, "security-group", "db") == 1).isEqualTo(needed);
        if (needed) {
            assertThat(plan.resources()).filteredOn(resource -> resource.kind().equals("db-instance")).singleElement()
                    .extracting(PlannedResource::detail).asString().contains("db.t3.micro").contains("encrypted")
                    .contains("not publicly accessible").contains("backups kept");
        }
    }

    /** 18: the instance size follows the stack unless configured. */
    @Property(tries = 200)
    void theInstanceSizeFollowsTheStackUnlessConfigured(@ForAll("cases") Case given) {
        String expected = given.settings().instanceType().orElse(switch (given.stack().language()) {
            case "go", "static" -> "t3.micro";
            default -> "t3.small";
        });
        AwsPlan plan = plan(given);
        assertThat(plan.instanceType()).isEqualTo(expected);
        assertThat(count(plan, "instance", "web-")).isEqualTo(Math.max(1, given.settings().instances()));
    }

    /** 19: only the load balancer's group is open to the world, on 80 and 443; SSH from the admin range only. */
    @Property(tries = 200)
    void onlyTheLoadBalancerIsOpenToTheWorld(@ForAll("cases") Case given) {
        AwsPlan plan = plan(given);

        assertThat(plan.resources()).filteredOn(resource -> resource.kind().equals("security-group"))
                .allSatisfy(group -> assertThat(group.detail().contains("anywhere"))
                        .isEqualTo(group.role().equals("lb")));
        assertThat(plan.resources()).filteredOn(resource -> resource.key().equals("security-group/ssh"))
                .singleElement().extracting(PlannedResource::detail)
                .isEqualTo("22 from " + given.settings().adminCidr().orElseThrow() + " only");
        assertThat(plan.resources()).filteredOn(resource -> resource.key().equals("security-group/lb"))
                .singleElement().extracting(PlannedResource::detail).asString().startsWith("80 and 443");
    }
}
