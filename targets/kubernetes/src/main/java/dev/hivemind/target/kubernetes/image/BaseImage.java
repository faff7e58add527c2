package dev.hivemind.target.kubernetes.image;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The image an app's layers go on.
 *
 * @param reference a registry image ({@code HOST[:PORT]/REPO[:TAG|@DIGEST]}, Docker Hub's when no host), or
 *                  {@code scratch} for none: the image holds the app's layers alone (a static Go binary)
 * @param origin    where it was chosen, e.g. {@code --base} or {@code the default for nodejs apps}
 */
public record BaseImage(String reference, String origin) {
    public static final String SCRATCH = "scratch";
    private static final Pattern LEADING_NUMBER = Pattern.compile("^(\\d+)");

    public BaseImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(origin, "origin");
    }

    public boolean scratch() {
        return reference.equals(SCRATCH);
    }

    /**
     * The base for an app of {@code language}: {@code chosen} (from {@code --base} or {@code image.base}) when
     * given, else the stack's default, documented in docs/targets/kubernetes.md.
     *
     * @throws InvalidInputException for a stack with no default (a static site) and none chosen
     */
    public static BaseImage choose(Optional<BaseImage> chosen, String language, String runtimeVersion) {
        return chosen.orElseGet(() -> new BaseImage(defaultFor(language, runtimeVersion),
                "the default for " + language + " apps"));
    }

    private static String defaultFor(String language, String runtimeVersion) {
        return switch (language) {
            case "nodejs" -> "node:" + major(runtimeVersion).filter(major -> major >= 18).orElse(22)
                    + "-bookworm-slim";
            case "python" -> "gcr.io/distroless/python3-debian12:nonroot";
            case "go" -> "gcr.io/distroless/base-debian12:nonroot";
            case "java" -> "gcr.io/distroless/java" + (major(runtimeVersion).orElse(21) <= 17 ? 17 : 21)
                    + "-debian12:nonroot";
            default -> throw new InvalidInputException(Agent.COMPILER, "HiveMind has no default base image for "
                    + language + " apps", "Choosing the image's base", "Name one with --base or image.base in "
                    + "hivemind.yaml: an image in your registry with what the app's start command runs");
        };
    }

    /** The major version a runtime version starts with: 20 for {@code 20.11.1}; none for {@code >=18}. */
    private static Optional<Integer> major(String version) {
        Matcher number = LEADING_NUMBER.matcher(version);
        return number.find() ? Optional.of(Integer.parseInt(number.group(1))) : Optional.empty();
    }
}
