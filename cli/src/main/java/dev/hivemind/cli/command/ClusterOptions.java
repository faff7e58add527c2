package dev.hivemind.cli.command;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.ClusterSettings;
import dev.hivemind.target.kubernetes.image.BaseImage;
import dev.hivemind.target.kubernetes.image.ImageDestination;
import dev.hivemind.target.kubernetes.image.OciImageBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of the {@code kubernetes} target: {@code --context}, {@code --namespace}, {@code --registry} (over
 * {@code image.registry} in {@code hivemind.yaml}), {@code --insecure-registry}, {@code --tls-issuer};
 * {@code --domain} is {@link CloudOptions}'s. All checked before anything runs.
 */
public final class ClusterOptions {
    static final String KUBERNETES = "kubernetes";
    private static final Pattern NAMESPACE = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final Pattern DOMAIN = Pattern.compile(
            "(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    @Option(names = "--context", paramLabel = "CONTEXT",
            description = "The kubeconfig context of --target kubernetes (default: the kubeconfig's current one).")
    Optional<String> context = Optional.empty();

    @Option(names = "--namespace", paramLabel = "NS", description = "The namespace (default: the app's name).")
    Optional<String> namespace = Optional.empty();

    @Option(names = "--registry", paramLabel = "HOST[:PORT]/REPO",
            description = "Where --target kubernetes pushes the app's image (default: image.registry in "
                    + "hivemind.yaml).")
    Optional<String> registry = Optional.empty();

    @Option(names = "--insecure-registry", description = "Allow a registry over plain HTTP or with a certificate "
            + "this machine does not trust.")
    boolean insecureRegistry;

    @Option(names = "--tls-issuer", paramLabel = "ISSUER", description = "A cert-manager ClusterIssuer for the "
            + "Ingress's certificate (needs --domain).")
    Optional<String> tlsIssuer = Optional.empty();

    /**
     * The settings for {@code target}; none for another target, which takes none of these options.
     *
     * @throws InvalidInputException naming every bad option at once
     */
    ClusterSettings settings(String target, Optional<String> domain, ProjectSettings.ImageSettings file) {
        boolean given = context.isPresent() || namespace.isPresent() || registry.isPresent() || insecureRegistry
                || tlsIssuer.isPresent();
        if (!target.equals(KUBERNETES)) {
            if (given) {
                throw invalid(List.of("--context, --namespace, --registry, --insecure-registry and --tls-issuer "
                        + "are for --target kubernetes, not " + target), "Add --target kubernetes, "
                        + "or leave them out");
            }
            return ClusterSettings.none();
        }
        List<String> problems = new ArrayList<>();
        Optional<String> chosen = registry.or(file::registry);
        if (chosen.isEmpty()) {
            problems.add("--target kubernetes needs a registry to push the app's image to");
        }
        chosen.ifPresent(value -> check(problems, () -> ImageDestination.parse(value, "latest")));
        file.base().ifPresent(base -> check(problems, () -> OciImageBuilder.check(new BaseImage(base,
                "image.base in hivemind.yaml"))));
        namespace.filter(name -> !NAMESPACE.matcher(name).matches()).ifPresent(name -> problems.add(
                "--namespace '" + name + "' is not a namespace name (lower-case letters, digits and dashes)"));
        Optional<String> host = domain.map(value -> value.toLowerCase(Locale.ROOT));
        host.filter(value -> !DOMAIN.matcher(value).matches()).ifPresent(value -> problems.add("--domain '"
                + value + "' is not a host name such as shop.example.com"));
        if (tlsIssuer.isPresent() && domain.isEmpty()) {
            problems.add("--tls-issuer needs --domain, the host the certificate is for");
        }
        if (!problems.isEmpty()) {
            throw invalid(problems, "Pass --registry HOST[:PORT]/REPO (or set image: {registry: ...} in "
                    + "hivemind.yaml) and fix the options above; nothing was built or applied");
        }
        return new ClusterSettings(context, namespace, chosen, file.base(), insecureRegistry, host, tlsIssuer,
                file.inClusterDatabase());
    }

    private static void check(List<String> problems, Runnable check) {
        try {
            check.run();
        } catch (InvalidInputException e) {
            problems.add(e.getMessage());
        }
    }

    private static InvalidInputException invalid(List<String> problems, String remedy) {
        return new InvalidInputException(Agent.CONDUCTOR, String.join("; ", problems), "Reading the kubernetes "
                + "options", remedy);
    }
}
