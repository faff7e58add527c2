package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.CloudSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CloudOptionsTest {

    private static CloudOptions options(String region, String cidr, Integer instances) {
        CloudOptions options = new CloudOptions();
        options.region = Optional.ofNullable(region);
        options.adminCidr = Optional.ofNullable(cidr);
        options.instances = Optional.ofNullable(instances);
        return options;
    }

    @Test
    void theOptionsWinOverTheFileAndTheFileFillsTheRest() {
        CloudSettings file = new CloudSettings(Optional.of("eu-west-1"), Optional.of("t3.medium"), 3,
                Optional.empty(), Optional.empty(), Optional.of("10.0.0.0/8"), CloudSettings.Database.defaults());

        CloudSettings settings = options("us-east-1", null, null).settings("aws", file);

        assertThat(settings).isEqualTo(new CloudSettings(Optional.of("us-east-1"), Optional.of("t3.medium"), 3,
                Optional.empty(), Optional.empty(), Optional.of("10.0.0.0/8"), CloudSettings.Database.defaults()));
    }

    @Test
    void everyBadOptionIsNamedAtOnceAndTheyAreRefusedForAnotherTarget() {
        assertThatThrownBy(() -> options("Ireland", "0.0.0.0/0", 0).settings("aws", CloudSettings.none()))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--region 'Ireland' is not a region name")
                .hasMessageContaining("--instances 0 is not between 1 and 20")
                .hasMessageContaining("--admin-cidr 0.0.0.0/0 would open SSH to the whole internet");
        assertThatThrownBy(() -> options("us-east-1", null, null).settings("local", CloudSettings.none()))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("are for --target aws, not local");
        assertThat(options(null, null, null).settings("ssh", CloudSettings.none())).isEqualTo(CloudSettings.none());
    }
}
