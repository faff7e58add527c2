package dev.hivemind.analyzer.config;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.CloudSettings;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file's {@code aws:} for the aws target, with environment overlays, checked by the schema. */
class CloudSettingsTest {
    @TempDir
    Path dir;

    @Test
    void readsAwsWithTheEnvironmentsOverlayMergedKeyByKey() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", """
                target: aws
                aws:
                  region: eu-west-1
                  admin_cidr: 203.0.113.7/32
                  database: {instance_class: db.t3.small}
                environments:
                  prod:
                    aws: {instances: 2, instance_type: t3.medium, database: {storage_gb: 50}}
                """);

        CloudSettings dev = ProjectFile.read(dir).cloud("dev");
        CloudSettings prod = ProjectFile.read(dir).cloud("prod");

        assertThat(dev).isEqualTo(new CloudSettings(Optional.of("eu-west-1"), Optional.empty(), 0, Optional.empty(),
                Optional.empty(), Optional.of("203.0.113.7/32"), new CloudSettings.Database(Optional.of("db.t3.small"),
                0)));
        assertThat(prod).isEqualTo(new CloudSettings(Optional.of("eu-west-1"), Optional.of("t3.medium"), 2,
                Optional.empty(), Optional.empty(), Optional.of("203.0.113.7/32"), new CloudSettings.Database(
                Optional.of("db.t3.small"), 50)));
        assertThat(ProjectFile.read(dir).remote("prod").target()).contains("aws");
    }

    @Test
    void noAwsKeyIsNoSettingsAndABadValueIsNamedWithItsPath() {
        app(dir, "\"scripts\": { \"start\": \"node server.js\" }");
        write(dir, "hivemind.yaml", "app: shop\n");
        assertThat(ProjectFile.read(dir).cloud("dev").isEmpty()).isTrue();

        write(dir, "hivemind.yaml", "aws: {instances: 0, zone: a}\n");
        assertThatThrownBy(() -> ProjectFile.read(dir)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("aws.instances").hasMessageContaining("aws.zone: unknown key");
    }
}
