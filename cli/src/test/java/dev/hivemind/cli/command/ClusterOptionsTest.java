package dev.hivemind.cli.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.ClusterSettings;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClusterOptionsTest {
    private static final ProjectSettings.ImageSettings NO_FILE = new ProjectSettings.ImageSettings(Optional.empty(),
            Optional.empty());

    @Test
    void theRegistryComesFromTheOptionElseFromHivemindYaml() {
        ClusterOptions options = new ClusterOptions();
        options.namespace = Optional.of("team");

        ClusterSettings settings = options.settings("kubernetes", Optional.of("Shop.Example.com"),
                new ProjectSettings.ImageSettings(Optional.of("registry.example.com/team/shop"), Optional.empty()));

        assertThat(settings.registry()).contains("registry.example.com/team/shop");
        assertThat(settings.namespace()).contains("team");
        assertThat(settings.domain()).contains("shop.example.com");
        assertThat(settings.databaseStorage()).isEmpty();
        assertThat(options.settings("kubernetes", Optional.empty(), new ProjectSettings.ImageSettings(
                Optional.of("registry.example.com/team/shop"), Optional.empty(), Optional.of("2Gi")))
                .databaseStorage()).contains("2Gi");
        options.registry = Optional.of("localhost:5000/shop");
        assertThat(options.settings("kubernetes", Optional.empty(), new ProjectSettings.ImageSettings(
                Optional.of("registry.example.com/team/shop"), Optional.empty())).registry())
                .contains("localhost:5000/shop");
    }

    @Test
    void withoutARegistryEveryProblemIsNamedAtOnceWithTheRemedy() {
        ClusterOptions options = new ClusterOptions();
        options.namespace = Optional.of("Team_A");
        options.tlsIssuer = Optional.of("letsencrypt");

        assertThatThrownBy(() -> options.settings("kubernetes", Optional.empty(), NO_FILE))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("--target kubernetes needs a registry to push the app's image to")
                .hasMessageContaining("--namespace 'Team_A' is not a namespace name")
                .hasMessageContaining("--tls-issuer needs --domain")
                .satisfies(e -> assertThat(((InvalidInputException) e).remediation())
                        .contains("--registry HOST[:PORT]/REPO"));
    }

    @Test
    void theOptionsAreRefusedForAnotherTarget() {
        ClusterOptions options = new ClusterOptions();
        options.context = Optional.of("prod");

        assertThatThrownBy(() -> options.settings("ssh", Optional.empty(), NO_FILE))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("are for --target kubernetes, not ssh");
        assertThat(new ClusterOptions().settings("local", Optional.empty(), NO_FILE)).isEqualTo(ClusterSettings.none());
    }
}
