package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * The AWS clients of one command, in one region, with the credentials of the SDK's default chain and the endpoints
 * the environment names: {@code AWS_ENDPOINT_URL_<SERVICE>} (e.g. {@code AWS_ENDPOINT_URL_EC2}), else
 * {@code AWS_ENDPOINT_URL}, else AWS's own. The SDK reads the same variables from the process's environment; they are
 * read here from the environment HiveMind was given, so that every client takes them the same way and the CLI can say
 * which endpoint it talks to. Throttling is retried 5 times with backoff (the SDK's standard strategy).
 */
final class AwsClients implements AutoCloseable {
    static final int MAX_ATTEMPTS = 5;

    private final Region region;
    private final Map<String, String> environment;
    private final AwsCredentialsProvider credentials;
    private Ec2Client ec2;
    private ElasticLoadBalancingV2Client elb;
    private StsClient sts;
    private RdsClient rds;
    private AcmClient acm;
    private SecretsManagerClient secrets;
    private ResourceGroupsTaggingApiClient tagging;
    private Inspector2Client inspector;

    private AwsClients(Region region, Map<String, String> environment, AwsCredentialsProvider credentials) {
        this.region = region;
        this.environment = Map.copyOf(environment);
        this.credentials = credentials;
    }

    /**
     * Clients for {@code region} (else {@code AWS_REGION}, {@code AWS_DEFAULT_REGION}, the profile's).
     *
     * @throws InvalidInputException when no region is known or the name is not one of AWS's, or an endpoint variable
     *                               is not a URL; nothing has been called yet
     */
    static AwsClients open(Optional<String> region, Map<String, String> environment) {
        Region chosen = region(region, environment);
        for (Service service : Service.values()) {
            endpoint(service, environment);
        }
        return new AwsClients(chosen, environment, credentials(environment));
    }

    /** The region: given, else the environment's, else the profile's; checked against AWS's list. */
    static Region region(Optional<String> given, Map<String, String> environment) {
        Optional<String> name = given.or(() -> Optional.ofNullable(environment.get("AWS_REGION")))
                .or(() -> Optional.ofNullable(environment.get("AWS_DEFAULT_REGION"))).filter(text -> !text.isBlank())
                .or(AwsClients::profileRegion);
        String text = name.orElseThrow(() -> new InvalidInputException(Agent.PROVISIONER, "no AWS region is chosen",
                "Choosing the AWS region", "Pass --region (e.g. --region eu-west-1), set aws.region in hivemind.yaml, "
                + "or export AWS_REGION"));
        Region region = Region.of(text);
        if (!Region.regions().contains(region)) {
            throw new InvalidInputException(Agent.PROVISIONER, "'" + text + "' is not an AWS region",
                    "Choosing the AWS region", "Pass one of AWS's regions, e.g. --region us-east-1 or eu-west-1 "
                    + "(aws ec2 describe-regions lists those of your account)");
        }
        return region;
    }

    private static Optional<String> profileRegion() {
        try {
            return Optional.of(DefaultAwsRegionProviderChain.builder().build().getRegion().id());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The environment's access keys when it has them (the chain's first link), else the SDK's whole default chain. */
    private static AwsCredentialsProvider credentials(Map<String, String> environment) {
        String key = environment.get("AWS_ACCESS_KEY_ID");
        String secret = environment.get("AWS_SECRET_ACCESS_KEY");
        if (key == null || secret == null || key.isBlank() || secret.isBlank()) {
            return DefaultCredentialsProvider.builder().build();
        }
        String token = environment.get("AWS_SESSION_TOKEN");
        return StaticCredentialsProvider.create(token == null || token.isBlank()
                ? AwsBasicCredentials.create(key, secret) : AwsSessionCredentials.create(key, secret, token));
    }

    /** The endpoint {@code service}'s client talks to when the environment names one. */
    static Optional<URI> endpoint(Service service, Map<String, String> environment) {
        String variable = "AWS_ENDPOINT_URL_" + service.variable;
        Optional<String> value = Optional.ofNullable(environment.get(variable)).filter(text -> !text.isBlank());
        if (value.isEmpty()) {
            variable = "AWS_ENDPOINT_URL";
            value = Optional.ofNullable(environment.get(variable)).filter(text -> !text.isBlank());
        }
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value.get().strip());
            if (uri.getScheme() == null || !uri.getScheme().matches("https?") || uri.getHost() == null) {
                throw new URISyntaxException(value.get(), "not an http(s) URL with a host");
            }
            return Optional.of(uri);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(Agent.PROVISIONER, variable + "='" + value.get() + "' is not an http(s) "
                    + "URL", "Choosing the AWS endpoints", "Set " + variable + " to a URL such as "
                    + "http://localhost:4566, or unset it to use AWS's own endpoints");
        }
    }

    Region region() {
        return region;
    }

    /** Where the clients talk to, for the user: AWS's endpoints, or the overrides. */
    String describeEndpoints() {
        StringBuilder text = new StringBuilder();
        for (Service service : Service.values()) {
            endpoint(service, environment).ifPresent(uri -> text.append(text.isEmpty() ? "" : ", ")
                    .append(service.name().toLowerCase(java.util.Locale.ROOT)).append(" at ").append(uri));
        }
        return text.isEmpty() ? "AWS's endpoints in " + region.id() : text + " (region " + region.id() + ")";
    }

    synchronized Ec2Client ec2() {
        if (ec2 == null) {
            ec2 = configure(Ec2Client.builder(), Service.EC2).build();
        }
        return ec2;
    }

    synchronized ElasticLoadBalancingV2Client elb() {
        if (elb == null) {
            elb = configure(ElasticLoadBalancingV2Client.builder(), Service.ELB).build();
        }
        return elb;
    }

    synchronized StsClient sts() {
        if (sts == null) {
            sts = configure(StsClient.builder(), Service.STS).build();
        }
        return sts;
    }

    synchronized RdsClient rds() {
        if (rds == null) {
            rds = configure(RdsClient.builder(), Service.RDS).build();
        }
        return rds;
    }

    synchronized AcmClient acm() {
        if (acm == null) {
            acm = configure(AcmClient.builder(), Service.ACM).build();
        }
        return acm;
    }

    synchronized SecretsManagerClient secrets() {
        if (secrets == null) {
            secrets = configure(SecretsManagerClient.builder(), Service.SECRETS_MANAGER).build();
        }
        return secrets;
    }

    synchronized ResourceGroupsTaggingApiClient tagging() {
        if (tagging == null) {
            tagging = configure(ResourceGroupsTaggingApiClient.builder(), Service.TAGGING).build();
        }
        return tagging;
    }

    synchronized Inspector2Client inspector() {
        if (inspector == null) {
            inspector = configure(Inspector2Client.builder(), Service.INSPECTOR).build();
        }
        return inspector;
    }

    private <B extends AwsClientBuilder<B, ?> & software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder<B, ?>>
            B configure(B builder, Service service) {
        builder.region(region).credentialsProvider(credentials).httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .retryStrategy(strategy -> strategy.maxAttempts(MAX_ATTEMPTS))
                        .addExecutionInterceptor(new CallNames()).build());
        endpoint(service, environment).ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public synchronized void close() {
        for (AutoCloseable client : new AutoCloseable[] {ec2, elb, sts, rds, acm, secrets, tagging, inspector}) {
            if (client != null) {
                try {
                    client.close();
                } catch (Exception e) {
                    // closing a client frees its connections; nothing to report
                }
            }
        }
    }

    /** The services HiveMind calls, with the suffix of their {@code AWS_ENDPOINT_URL_} variable. */
    enum Service {
        EC2("EC2"), ELB("ELASTIC_LOAD_BALANCING_V2"), RDS("RDS"), ACM("ACM"), STS("STS"),
        SECRETS_MANAGER("SECRETS_MANAGER"), TAGGING("RESOURCE_GROUPS_TAGGING_API"), INSPECTOR("INSPECTOR2");

        final String variable;

        Service(String variable) {
            this.variable = variable;
        }
    }
}
