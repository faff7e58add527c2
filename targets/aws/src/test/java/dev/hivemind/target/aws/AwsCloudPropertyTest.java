package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.remote.CloudSettings;
import dev.hivemind.target.aws.standin.AwsStandIn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * The seed's properties 17 and 20 over what provisioning really made, on {@link AwsStandIn} (a stand-in for AWS,
 * which this machine cannot reach): an RDS instance (with its secret and DB subnet group) exists if and only if the
 * app needs PostgreSQL, and every resource that exists carries HiveMind's tags. Few tries: each provisions a whole
 * app through the SDK.
 */
class AwsCloudPropertyTest {

    @Property(tries = 4)
    void rdsExistsIffNeededAndEveryResourceIsTagged(@ForAll boolean postgres, @ForAll @IntRange(min = 1, max = 2)
            int instances) throws IOException {
        Path home = Files.createTempDirectory("hivemind-aws-property");
        try (AwsStandIn cloud = AwsStandIn.start();
             AwsClients aws = AwsClients.open(Optional.empty(), Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                     "AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "us-east-1"))) {
            AwsPlan plan = AwsPlan.of("prop", new CloudSettings(Optional.empty(), Optional.empty(), instances,
                    Optional.empty(), Optional.empty(), Optional.of("198.51.100.7/32"),
                    CloudSettings.Database.defaults()), Optional.of(AwsProvisioningTest.stack(postgres
                    ? Optional.of("postgresql") : Optional.empty())), 80);

            AwsProvisioning.run(aws, new HivemindHome(home), plan, "20261207-9", "/health", line -> { });

            assertThat(cloud.live("db-instance")).hasSize(postgres ? 1 : 0);
            assertThat(cloud.live("db-subnet-group")).hasSize(postgres ? 1 : 0);
            assertThat(cloud.live("secret")).hasSize(postgres ? 1 : 0);
            List<String> everything = cloud.everything();
            assertThat(everything).isNotEmpty();
            for (String line : everything) {
                String id = line.substring(line.indexOf(' ') + 1);
                assertThat(cloud.tags(id)).as(line).containsEntry("hivemind:app", "prop")
                        .containsEntry("hivemind:deployment", "20261207-9").containsEntry("hivemind:managed", "true")
                        .containsKey("hivemind:role");
            }
        } finally {
            try (Stream<Path> files = Files.walk(home)) {
                files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }
}
