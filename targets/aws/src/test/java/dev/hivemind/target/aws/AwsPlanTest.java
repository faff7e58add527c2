package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.CloudSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AwsPlanTest {

    private static CloudSettings settings(Optional<String> type, int instances, Optional<String> cidr) {
        return new CloudSettings(Optional.empty(), type, instances, Optional.empty(), Optional.empty(), cidr,
                CloudSettings.Database.defaults());
    }

    private static TechStack stack(String language, Optional<String> database) {
        return new TechStack(language, "none", "1", List.of(), database.isPresent(), database, "none", "run",
                Optional.empty(), List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty());
    }

    @Test
    void listsEveryResourceWithItsMonthlyCostFromTheDatedTable() {
        AwsPlan plan = AwsPlan.of("shop", settings(Optional.empty(), 2, Optional.of("198.51.100.7/32")),
                Optional.of(stack("nodejs", Optional.empty())), 80);

        // 2 x (t3.small 0.0208/h + public IPv4 0.005/h) x 730 h + 2 x 20 GB x 0.08 + ALB (0.0225 + 0.008 + 2 x 0.005) x 730
        assertThat(plan.monthlyCost()).isCloseTo(2 * (0.0208 + 0.005) * 730 + 2 * 20 * 0.08
                + (0.0225 + 0.008 + 0.01) * 730, org.assertj.core.data.Offset.offset(0.001));
        assertThat(plan.lines()).contains("create vpc main: 10.0.0.0/16",
                "create security-group ssh: 22 from 198.51.100.7/32 only",
                "create instance web-1: t3.small, Debian 12, IMDSv2 required, public subnet 1, public IPv4 "
                        + "($18.83/month)");
        assertThat(plan.lines().get(plan.lines().size() - 1)).startsWith("estimated cost: $70.43 a month "
                + "(on-demand prices of us-east-1 as of 2026-11-01, 730 hours a month");
        assertThat(plan.resources()).noneMatch(resource -> resource.kind().startsWith("db-"));
    }

    @Test
    void sizesByStackAndAddsTheDatabaseOnlyWhenTheAppNeedsAServer() {
        Optional<String> cidr = Optional.of("198.51.100.7/32");
        assertThat(AwsPlan.of("a", settings(Optional.empty(), 0, cidr), Optional.of(stack("go", Optional.empty())), 80)
                .instanceType()).isEqualTo("t3.micro");
        assertThat(AwsPlan.of("a", settings(Optional.empty(), 0, cidr), Optional.of(stack("java", Optional.empty())),
                80).instanceType()).isEqualTo("t3.small");
        AwsPlan withDatabase = AwsPlan.of("a", settings(Optional.of("t3.medium"), 0, cidr),
                Optional.of(stack("python", Optional.of("postgresql"))), 80);
        assertThat(withDatabase.instanceType()).isEqualTo("t3.medium");
        assertThat(withDatabase.resources()).extracting(PlannedResource::key)
                .contains("db-instance/main", "db-subnet-group/main", "security-group/db");
        assertThat(AwsPlan.of("a", settings(Optional.empty(), 0, cidr), Optional.of(stack("python",
                Optional.of("sqlite"))), 80).database()).isFalse();
    }

    @Test
    void aDatabaseUrlInTheAppsEnvironmentMeansNoRdsAndNoRdsCost() {
        CloudSettings settings = settings(Optional.empty(), 1, Optional.of("198.51.100.7/32"));
        Optional<TechStack> postgres = Optional.of(stack("nodejs", Optional.of("postgresql")));
        AwsPlan made = AwsPlan.of("shop", settings, postgres, 80);
        AwsPlan given = AwsPlan.of("shop", settings, postgres, 80, true);

        assertThat(made.database()).isTrue();
        assertThat(given.database()).isFalse();
        assertThat(given.resources()).extracting(PlannedResource::key).doesNotContain("db-instance/main",
                "db-subnet-group/main", "security-group/db", "secret/database");
        assertThat(given.lines()).noneMatch(line -> line.contains("PostgreSQL") || line.contains("secret"));
        assertThat(given.monthlyCost()).isEqualTo(AwsPlan.of("shop", settings, Optional.of(stack("nodejs",
                Optional.empty())), 80).monthlyCost()).isLessThan(made.monthlyCost());
    }

    @Test
    void refusesNoAdminRangeAWorldOpenOneAndAnUnpricedType() {
        assertThatThrownBy(() -> AwsPlan.of("a", settings(Optional.empty(), 0, Optional.empty()), Optional.empty(), 80))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("needs the address range SSH");
        assertThatThrownBy(() -> AwsPlan.of("a", settings(Optional.empty(), 0, Optional.of("0.0.0.0/0")),
                Optional.empty(), 80)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("to the whole internet");
        assertThatThrownBy(() -> AwsPlan.of("a", settings(Optional.of("x9.huge"), 0, Optional.of("10.1.2.3/32")),
                Optional.empty(), 80)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("no price for the instance type x9.huge");
        assertThatThrownBy(() -> AwsPlan.of("a", new CloudSettings(Optional.empty(), Optional.empty(), 0,
                Optional.of("shop example"), Optional.empty(), Optional.of("10.1.2.3/32"),
                CloudSettings.Database.defaults()), Optional.empty(), 80)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'shop example' is not a domain name");
    }

    @Test
    void aDomainWithoutACertificateHasOneRequestedFromAcm() {
        AwsPlan plan = AwsPlan.of("a", new CloudSettings(Optional.empty(), Optional.empty(), 0,
                Optional.of("shop.example.com"), Optional.empty(), Optional.of("10.1.2.3/32"),
                CloudSettings.Database.defaults()), Optional.empty(), 80);

        assertThat(plan.lines()).contains("create certificate main: ACM, shop.example.com, DNS validation: its records "
                + "are printed, and provisioning waits until ACM has issued it", "create listener http: 80: redirect "
                + "to HTTPS", "create listener https: 443: TLS with the ACM certificate of shop.example.com, forward "
                + "to the instances");
    }

    @Test
    void aCertificateAddsAnHttpsListenerAndHttpRedirects() {
        AwsPlan plan = AwsPlan.of("a", new CloudSettings(Optional.empty(), Optional.empty(), 0,
                Optional.of("shop.example.com"), Optional.of("arn:aws:acm:us-east-1:1:certificate/x"),
                Optional.of("10.1.2.3/32"), CloudSettings.Database.defaults()), Optional.empty(), 80);

        assertThat(plan.lines()).contains("create listener http: 80: redirect to HTTPS",
                "create listener https: 443: TLS with arn:aws:acm:us-east-1:1:certificate/x, forward to the instances");
    }
}
