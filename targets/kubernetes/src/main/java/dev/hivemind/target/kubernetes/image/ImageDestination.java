package dev.hivemind.target.kubernetes.image;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Where an image is pushed: {@code HOST[:PORT]/REPO} and a tag, checked before anything is built.
 *
 * @param registry   the registry's host, with its port when given, e.g. {@code registry.example.com:5000}
 * @param repository the repository in it, e.g. {@code team/shop}
 * @param tag        the tag the image is pushed under
 */
public record ImageDestination(String registry, String repository, String tag) {
    private static final String CONTEXT = "Reading where to push the image (--registry HOST[:PORT]/REPO, --tag)";
    private static final Pattern HOST = Pattern.compile(
            "(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)(?:\\.[a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?)*"
                    + "|\\[[0-9a-fA-F:]+]");
    private static final Pattern COMPONENT = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}");

    public ImageDestination {
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(tag, "tag");
    }

    /**
     * @param value {@code HOST[:PORT]/REPO} as the user wrote it
     * @param tag   the tag
     * @throws InvalidInputException naming what is wrong and how to write it
     */
    public static ImageDestination parse(String value, String tag) {
        String example = "write it as HOST[:PORT]/REPO, e.g. --registry registry.example.com/team/shop or "
                + "--registry localhost:5000/shop";
        if (value.contains("://")) {
            throw invalid("--registry '" + value + "' has a scheme", "Leave out "
                    + value.substring(0, value.indexOf("://") + 3) + " (pass --insecure-registry for a registry "
                    + "served over plain HTTP); " + example);
        }
        int slash = value.indexOf('/');
        if (slash <= 0 || slash == value.length() - 1) {
            throw invalid("--registry '" + value + "' names no " + (slash <= 0 ? "registry host and " : "")
                    + "repository", "Name the registry and the repository in it: " + example);
        }
        String host = value.substring(0, slash);
        String repository = value.substring(slash + 1);
        checkHost(value, host, example);
        checkRepository(value, repository);
        if (!TAG.matcher(tag).matches()) {
            throw invalid("--tag '" + tag + "' is not a valid tag", "A tag is letters, digits, '_', '.' and '-', "
                    + "at most 128, not starting with '.' or '-', e.g. --tag v1.2.0");
        }
        return new ImageDestination(host, repository, tag);
    }

    private static void checkHost(String value, String host, String example) {
        int colon = host.startsWith("[") ? host.indexOf(':', host.indexOf(']')) : host.lastIndexOf(':');
        String name = colon < 0 ? host : host.substring(0, colon);
        if (!HOST.matcher(name).matches() || !(name.contains(".") || name.startsWith("[") || colon >= 0
                || name.equals("localhost"))) {
            throw invalid("--registry '" + value + "' does not start with a registry host: '" + host + "'",
                    "Start with the registry's host name (with a dot, a port, or localhost), then the repository: "
                            + example);
        }
        if (colon >= 0) {
            String port = host.substring(colon + 1);
            if (!port.matches("[0-9]{1,5}") || Integer.parseInt(port) < 1 || Integer.parseInt(port) > 65535) {
                throw invalid("--registry '" + value + "' has the port '" + port + "'",
                        "A port is a number from 1 to 65535; " + example);
            }
        }
    }

    private static void checkRepository(String value, String repository) {
        if (repository.contains(":") || repository.contains("@")) {
            throw invalid("--registry '" + value + "' holds a tag or digest", "Give the tag with --tag (the digest "
                    + "is what the push prints), e.g. --registry " + value.replaceAll("[:@].*$", "") + " --tag v1");
        }
        for (String component : repository.split("/", -1)) {
            if (!COMPONENT.matcher(component).matches()) {
                throw invalid("--registry '" + value + "' has the repository '" + repository
                        + "', whose part '" + component + "' is not valid", "A repository is lowercase letters, "
                        + "digits and separators ('.', '_', '-') between them, in parts joined by '/', "
                        + "e.g. team/shop");
            }
        }
    }

    private static InvalidInputException invalid(String message, String remediation) {
        return new InvalidInputException(Agent.COMPILER, message, CONTEXT, remediation);
    }

    /** {@code HOST[:PORT]/REPO:TAG}. */
    public String reference() {
        return registry + "/" + repository + ":" + tag;
    }

    /** {@code HOST[:PORT]/REPO@DIGEST}. */
    public String reference(String digest) {
        return registry + "/" + repository + "@" + digest;
    }
}
