package dev.hivemind.target.kubernetes.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.error.InvalidInputException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BaseImageTest {

    @Test
    void eachStackHasADocumentedDefault() {
        assertThat(BaseImage.choose(Optional.empty(), "nodejs", "20.11.1").reference())
                .isEqualTo("node:20-bookworm-slim");
        assertThat(BaseImage.choose(Optional.empty(), "nodejs", ">=18").reference())
                .isEqualTo("node:22-bookworm-slim");
        assertThat(BaseImage.choose(Optional.empty(), "java", "17").reference())
                .isEqualTo("gcr.io/distroless/java17-debian12:nonroot");
        assertThat(BaseImage.choose(Optional.empty(), "java", "21").reference())
                .isEqualTo("gcr.io/distroless/java21-debian12:nonroot");
        assertThat(BaseImage.choose(Optional.empty(), "go", "1.19").origin())
                .isEqualTo("the default for go apps");
        assertThat(BaseImage.choose(Optional.empty(), "python", "3.11").reference())
                .isEqualTo("gcr.io/distroless/python3-debian12:nonroot");
    }

    @Test
    void aChosenBaseWinsAndScratchIsNone() {
        BaseImage chosen = new BaseImage("scratch", "--base");

        assertThat(BaseImage.choose(Optional.of(chosen), "nodejs", "20")).isSameAs(chosen);
        assertThat(chosen.scratch()).isTrue();
    }

    @Test
    void aStaticSiteHasNoDefault() {
        assertThatThrownBy(() -> BaseImage.choose(Optional.empty(), "static", "none"))
                .isInstanceOf(InvalidInputException.class).hasMessageContaining("no default base image for static");
    }

    @Test
    void aBaseThatIsNoImageReferenceIsRefused() {
        assertThatThrownBy(() -> OciImageBuilder.check(new BaseImage("Not An Image", "image.base in hivemind.yaml")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'Not An Image' (image.base in hivemind.yaml) is not an image reference");
    }
}
