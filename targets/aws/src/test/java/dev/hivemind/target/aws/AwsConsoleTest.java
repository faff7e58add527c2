package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AwsConsoleTest {
    private static final String CERTIFICATE = "arn:aws:acm:eu-west-1:123456789012:certificate/"
            + "1f2e3d4c-0000-4a5b-8c9d-0123456789ab";
    private static final String SECRET = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:hivemind/shop/db-AbC123";

    @Test
    void servicesWhoseIdsAreArnsKeepThemAndOthersGetTheirArnFromRegionAndAccount() {
        assertThat(AwsConsole.arn("eu-west-1", "123456789012", "certificate", CERTIFICATE)).isEqualTo(CERTIFICATE);
        assertThat(AwsConsole.arn("eu-west-1", "123456789012", "subnet", "subnet-1"))
                .isEqualTo("arn:aws:ec2:eu-west-1:123456789012:subnet/subnet-1");
        assertThat(AwsConsole.arn("eu-west-1", "123456789012", "db-subnet-group", "hivemind-shop"))
                .isEqualTo("arn:aws:rds:eu-west-1:123456789012:subgrp:hivemind-shop");
    }

    @Test
    void linksToThePageOfEachKindInTheConsoleOfTheRegion() {
        assertThat(AwsConsole.link("eu-west-1", "certificate", CERTIFICATE)).contains("https://eu-west-1.console.aws"
                + ".amazon.com/acm/home?region=eu-west-1#/certificates/1f2e3d4c-0000-4a5b-8c9d-0123456789ab");
        assertThat(AwsConsole.link("eu-west-1", "secret", SECRET)).contains("https://eu-west-1.console.aws.amazon.com"
                + "/secretsmanager/secret?name=hivemind%2Fshop%2Fdb&region=eu-west-1");
        assertThat(AwsConsole.link("eu-west-1", "target-group", "arn:aws:elasticloadbalancing:tg")).contains(
                "https://eu-west-1.console.aws.amazon.com/ec2/home?region=eu-west-1#TargetGroup:targetGroupArn="
                        + "arn:aws:elasticloadbalancing:tg");
        assertThat(AwsConsole.link("eu-west-1", "security-group", "sg-1")).contains("https://eu-west-1.console.aws"
                + ".amazon.com/ec2/home?region=eu-west-1#SecurityGroup:groupId=sg-1");
        assertThat(AwsConsole.link("eu-west-1", "unknown-kind", "x")).isEmpty();
    }
}
