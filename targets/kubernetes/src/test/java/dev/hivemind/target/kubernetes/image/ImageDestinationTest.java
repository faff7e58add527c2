package dev.hivemind.target.kubernetes.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImageDestinationTest {

    @Test
    void readsTheHostThePortAndTheRepository() {
        ImageDestination destination = ImageDestination.parse("registry.example.com:5000/team/shop", "v1.2");

        assertThat(destination).isEqualTo(new ImageDestination("registry.example.com:5000", "team/shop", "v1.2"));
        assertThat(destination.reference()).isEqualTo("registry.example.com:5000/team/shop:v1.2");
        assertThat(destination.reference("sha256:ab")).isEqualTo("registry.example.com:5000/team/shop@sha256:ab");
        assertThat(ImageDestination.parse("localhost/shop", "latest").registry()).isEqualTo("localhost");
        assertThat(ImageDestination.parse("[::1]:5000/shop", "latest").registry()).isEqualTo("[::1]:5000");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "shop|latest|names no registry host and repository",
            "registry.example.com/|latest|names no repository",
            "https://registry.example.com/shop|latest|has a scheme",
            "team/shop|latest|does not start with a registry host: 'team'",
            "registry.example.com:0/shop|latest|has the port '0'",
            "registry.example.com:http/shop|latest|has the port 'http'",
            "registry.example.com/Shop|latest|whose part 'Shop' is not valid",
            "registry.example.com/team//shop|latest|whose part '' is not valid",
            "registry.example.com/shop:v1|latest|holds a tag or digest",
            "registry.example.com/shop|.v1|--tag '.v1' is not a valid tag",
            "registry.example.com/shop|v 1|--tag 'v 1' is not a valid tag"})
    void refusesWhatNoRegistryTakes(String registry, String tag, String message) {
        assertThatThrownBy(() -> ImageDestination.parse(registry, tag)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(message);
    }
}
