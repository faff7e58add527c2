package dev.hivemind.cli.command;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.CloudSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;

/**
 * The options of the {@code aws} target: {@code --region}, {@code --instance-type}, {@code --instances},
 * {@code --domain}, {@code --certificate-arn}, {@code --admin-cidr}; each over {@code hivemind.yaml}'s {@code aws:}.
 */
public final class CloudOptions {
    static final String AWS = "aws";
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d+");
    private static final Pattern CIDR = Pattern.compile("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}");

    @Option(names = "--region", paramLabel = "REGION",
            description = "The AWS region of --target aws (default: aws.region, else AWS_REGION, else the profile's).")
    Optional<String> region = Optional.empty();

    @Option(names = "--instance-type", paramLabel = "TYPE",
            description = "The EC2 instance type (default: t3.micro for Go and static sites, t3.small otherwise).")
    Optional<String> instanceType = Optional.empty();

    @Option(names = "--instances", paramLabel = "N", description = "EC2 instances behind the load balancer (default 1).")
    Optional<Integer> instances = Optional.empty();

    @Option(names = "--domain", paramLabel = "DOMAIN", description = "aws: serve HTTPS on the load balancer for this "
            + "domain; kubernetes: route it to the app with an Ingress.")
    Optional<String> domain = Optional.empty();

    @Option(names = "--certificate-arn", paramLabel = "ARN", description = "An ACM certificate for HTTPS.")
    Optional<String> certificateArn = Optional.empty();

    @Option(names = "--admin-cidr", paramLabel = "CIDR",
            description = "Where SSH to the instances is allowed from, e.g. 203.0.113.7/32 (never 0.0.0.0/0).")
    Optional<String> adminCidr = Optional.empty();

    /**
     * The settings for {@code target}: these options over the file's, checked before anything runs; none for a
     * target other than aws, which takes none of these options.
     *
     * @throws InvalidInputException naming every bad option at once
     */
    CloudSettings settings(String target, CloudSettings file) {
        // --domain is also the kubernetes target's (its Ingress's host)
        boolean given = region.isPresent() || instanceType.isPresent() || instances.isPresent()
                || (domain.isPresent() && !target.equals(ClusterOptions.KUBERNETES)) || certificateArn.isPresent()
                || adminCidr.isPresent();
        if (!target.equals(AWS)) {
            if (given) {
                String options = target.equals(ClusterOptions.KUBERNETES) ? "--region, --instance-type, --instances, "
                        + "--certificate-arn and --admin-cidr" : "--region, --instance-type, --instances, --domain, "
                        + "--certificate-arn and --admin-cidr";
                throw invalid(List.of(options + " are for --target aws, not " + target), "Add --target aws, or "
                        + "leave them out");
            }
            return CloudSettings.none();
        }
        CloudSettings settings = new CloudSettings(region.or(file::region), instanceType.or(file::instanceType),
                instances.orElse(file.instances()), domain.or(file::domain), certificateArn.or(file::certificateArn),
                adminCidr.or(file::adminCidr), file.database());
        List<String> problems = new ArrayList<>();
        settings.region().filter(name -> !REGION.matcher(name).matches()).ifPresent(name -> problems.add(
                "--region '" + name + "' is not a region name such as eu-west-1"));
        instances.filter(n -> n < 1 || n > 20).ifPresent(n -> problems.add("--instances " + n
                + " is not between 1 and 20"));
        settings.adminCidr().filter(cidr -> !CIDR.matcher(cidr).matches()).ifPresent(cidr -> problems.add(
                "--admin-cidr '" + cidr + "' is not an IPv4 range such as 203.0.113.7/32"));
        settings.adminCidr().filter(cidr -> cidr.endsWith("/0")).ifPresent(cidr -> problems.add(
                "--admin-cidr " + cidr + " would open SSH to the whole internet"));
        settings.certificateArn().filter(arn -> !arn.startsWith("arn:aws")).ifPresent(arn -> problems.add(
                "--certificate-arn '" + arn + "' is not an ARN (arn:aws:acm:REGION:ACCOUNT:certificate/ID)"));
        if (!problems.isEmpty()) {
            throw invalid(problems, "Fix the options above (aws: in hivemind.yaml takes the same values)");
        }
        return settings;
    }

    /** {@code --domain}, when given. */
    Optional<String> domain() {
        return domain;
    }

    private static InvalidInputException invalid(List<String> problems, String remedy) {
        return new InvalidInputException(Agent.CONDUCTOR, String.join("; ", problems), "Reading the AWS options",
                remedy);
    }
}
