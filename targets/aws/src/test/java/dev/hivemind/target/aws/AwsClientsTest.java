package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.target.aws.standin.AwsStandIn;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The clients' region, credentials and endpoints, against two {@link AwsStandIn}s (stand-ins for AWS, which cannot be
 * reached from here): {@code AWS_ENDPOINT_URL} for every service, {@code AWS_ENDPOINT_URL_<SERVICE>} over it for one.
 */
class AwsClientsTest {

    private static Map<String, String> environment(AwsStandIn cloud) {
        Map<String, String> environment = new HashMap<>(Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                "AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "secret"));
        return environment;
    }

    @Test
    void everyClientTalksToAwsEndpointUrlAndAServiceVariableWinsForItsService() {
        try (AwsStandIn shared = AwsStandIn.start(); AwsStandIn stsOnly = AwsStandIn.start()) {
            Map<String, String> environment = environment(shared);
            environment.put("AWS_ENDPOINT_URL_STS", stsOnly.endpoint().toString());
            try (AwsClients aws = AwsClients.open(Optional.of("eu-west-1"), environment)) {
                aws.ec2().describeVpcs();
                aws.elb().describeLoadBalancers();
                assertThat(Identity.check(aws)).isEqualTo("account " + AwsStandIn.ACCOUNT + " as arn:aws:iam::"
                        + AwsStandIn.ACCOUNT + ":user/hivemind");
                assertThat(aws.describeEndpoints()).contains("ec2 at " + shared.endpoint())
                        .contains("sts at " + stsOnly.endpoint()).contains("region eu-west-1");
            }
            assertThat(shared.calls()).containsExactly("ec2:DescribeVpcs", "elasticloadbalancing:DescribeLoadBalancers");
            assertThat(stsOnly.calls()).containsExactly("sts:GetCallerIdentity");
        }
    }

    @Test
    void refusedCredentialsAreBadInputWithTheRemedy() {
        try (AwsStandIn cloud = AwsStandIn.start()) {
            Map<String, String> environment = environment(cloud);
            environment.put("AWS_ACCESS_KEY_ID", AwsStandIn.REFUSED_KEY);
            try (AwsClients aws = AwsClients.open(Optional.of("us-east-1"), environment)) {
                assertThatThrownBy(() -> Identity.check(aws)).isInstanceOf(InvalidInputException.class)
                        .hasMessageContaining("AWS refused the credentials (InvalidClientTokenId")
                        .extracting(error -> ((InvalidInputException) error).remediation()).asString()
                        .contains("aws sts get-caller-identity");
            }
        }
    }

    @Test
    void anUnknownRegionOrNoRegionOrABadEndpointIsRefusedBeforeAnyCall() {
        Map<String, String> environment = Map.of("AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "secret");
        assertThatThrownBy(() -> AwsClients.open(Optional.of("us-east-9"), environment))
                .isInstanceOf(InvalidInputException.class).hasMessage("'us-east-9' is not an AWS region");
        assertThat(AwsClients.region(Optional.empty(), Map.of("AWS_REGION", "ap-south-1")).id()).isEqualTo("ap-south-1");
        assertThatThrownBy(() -> AwsClients.open(Optional.of("us-east-1"), Map.of("AWS_ENDPOINT_URL_EC2", "localhost")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessage("AWS_ENDPOINT_URL_EC2='localhost' is not an http(s) URL");
    }

    @Test
    void throttlingIsRetriedFiveTimesInAllAndAMissingPermissionNamesTheCallsIamAction() {
        try (AwsStandIn cloud = AwsStandIn.start();
             AwsClients aws = AwsClients.open(Optional.empty(), Map.of("AWS_ENDPOINT_URL", cloud.endpoint().toString(),
                     "AWS_ACCESS_KEY_ID", "AKIATEST", "AWS_SECRET_ACCESS_KEY", "secret", "AWS_REGION", "us-east-1"))) {
            cloud.throttle("DescribeVpcs", 4);
            assertThat(aws.ec2().describeVpcs().vpcs()).isEmpty();
            assertThat(cloud.calls()).filteredOn("ec2:DescribeVpcs"::equals).hasSize(5);

            cloud.throttle("DescribeSubnets", 5);
            assertThatThrownBy(() -> AwsErrors.translated("Provisioning", () -> aws.ec2().describeSubnets()))
                    .hasMessageStartingWith("AWS kept throttling the calls after 5 attempts");
            assertThat(cloud.calls()).filteredOn("ec2:DescribeSubnets"::equals).hasSize(5);

            cloud.deny("CreateVpc");
            assertThatThrownBy(() -> AwsErrors.translated("Provisioning", () -> aws.ec2().createVpc(request -> request
                    .cidrBlock("10.0.0.0/16")))).hasMessageStartingWith("missing permission ec2:CreateVpc (")
                    .satisfies(e -> assertThat(((dev.hivemind.api.error.HiveMindException) e).remediation())
                            .startsWith("Add ec2:CreateVpc to the IAM policy"));
            assertThat(cloud.calls()).filteredOn("ec2:CreateVpc"::equals).hasSize(1);
        }
    }
}
