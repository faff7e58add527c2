package dev.hivemind.target.aws;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.target.local.DatabaseUrl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import software.amazon.awssdk.services.rds.RdsClient;
import software.amazon.awssdk.services.rds.model.DBInstance;
import software.amazon.awssdk.services.rds.model.DbInstanceNotFoundException;
import software.amazon.awssdk.services.rds.model.DbSubnetGroupNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.secretsmanager.model.DescribeSecretResponse;
import software.amazon.awssdk.services.secretsmanager.model.ResourceNotFoundException;

/**
 * The app's PostgreSQL on RDS, when it needs one: its master password generated here and kept only in AWS Secrets
 * Manager (never in the ledger, the state, the logs or the report), a DB subnet group over the two private subnets,
 * and the instance: {@code postgres}, encrypted, not publicly accessible, backups kept {@value #BACKUP_DAYS} days,
 * reachable on 5432 from the app's security group only. Each is recorded as soon as it exists and found again by
 * its name (RDS identifiers and secret names are unique in the account and region), so a killed run creates nothing
 * twice; {@code CreateSecret} also carries a client token.
 */
final class Database {
    static final String ENGINE = "postgres";
    static final String USER = "hivemind";
    static final int BACKUP_DAYS = 7;
    private static final Duration DEADLINE = Duration.ofMinutes(40);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RdsClient rds;
    private final SecretsManagerClient secrets;
    private final Recorder recorder;
    private final Tags tags;

    Database(RdsClient rds, SecretsManagerClient secrets, Recorder recorder, Tags tags) {
        this.rds = rds;
        this.secrets = secrets;
        this.recorder = recorder;
        this.tags = tags;
    }

    /** Where the app connects: the instance's address and port, the database, the user and the password's secret. */
    record Endpoint(String host, int port, String database, String user, String secretArn) { }

    /** The RDS identifier of the app's database: letters, digits and single hyphens, starting with a letter. */
    static String identifier(String app) {
        String name = ("hivemind-" + app.toLowerCase(Locale.ROOT)).replaceAll("[^a-z0-9]+", "-")
                .replaceAll("-+$", "");
        return name.length() > 63 ? name.substring(0, 63).replaceAll("-+$", "") : name;
    }

    /** The name of the secret that holds the master password. */
    static String secretName(String app) {
        return "hivemind/" + app + "/database";
    }

    /** The database's name: the one the app asks for, else the app's, as PostgreSQL identifiers RDS takes. */
    static String databaseName(String app, Optional<String> asked) {
        String name = asked.orElse(app).replaceAll("[^A-Za-z0-9_]", "_");
        name = Character.isLetter(name.charAt(0)) ? name : "db_" + name;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /**
     * Creates (or finds) the secret, the DB subnet group and the instance, without waiting for the instance, which
     * takes minutes: {@link #await} does, after the instances and the load balancer are made.
     */
    void create(AwsPlan plan, Network.Ids network) {
        String app = plan.app();
        String secret = recorder.ensure("secret", "database", () -> findSecret(app), () -> secrets.createSecret(
                request -> request.name(secretName(app)).description("HiveMind " + app + ": the master password of "
                        + "its RDS PostgreSQL").secretString(credentials(USER, password()))
                        .clientRequestToken(UUID.nameUUIDFromBytes((tags.deployment() + "/" + secretName(app))
                                .getBytes(StandardCharsets.UTF_8)).toString()).tags(tags.secrets("database"))).arn());
        String subnetGroup = recorder.ensure("db-subnet-group", "main", () -> findSubnetGroup(identifier(app)),
                () -> rds.createDBSubnetGroup(request -> request.dbSubnetGroupName(identifier(app))
                        .dbSubnetGroupDescription("HiveMind " + app + ": the private subnets")
                        .subnetIds(network.privateSubnets()).tags(tags.rds("main"))).dbSubnetGroup()
                        .dbSubnetGroupName());
        String group = network.dbGroup().orElseThrow(() -> new IllegalStateException("no database security group"));
        recorder.ensure("db-instance", "main", () -> findInstance(identifier(app)).map(DBInstance::dbInstanceIdentifier),
                () -> rds.createDBInstance(request -> request.dbInstanceIdentifier(identifier(app)).engine(ENGINE)
                        .dbInstanceClass(plan.databaseClass()).allocatedStorage(plan.databaseStorageGb())
                        .storageType("gp3").dbName(plan.databaseName()).masterUsername(USER)
                        .masterUserPassword(password(secret)).dbSubnetGroupName(subnetGroup)
                        .vpcSecurityGroupIds(group).publiclyAccessible(false).storageEncrypted(true)
                        .backupRetentionPeriod(BACKUP_DAYS).multiAZ(false).copyTagsToSnapshot(true)
                        .autoMinorVersionUpgrade(true).tags(tags.rds("main"))).dbInstance().dbInstanceIdentifier());
    }

    /** Waits until the instance is available and returns where the app connects. */
    Endpoint await(String app, Progress progress) {
        String identifier = recorder.ledger().id("db-instance", "main").orElseThrow();
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        String last = "";
        while (true) {
            DBInstance instance = findInstance(identifier).orElseThrow(() -> new InfrastructureException(
                    Agent.PROVISIONER, "the RDS instance " + identifier + " is gone", "Waiting for the database of "
                    + app, "Run hivemind resume ID: it is created again"));
            String status = instance.dbInstanceStatus();
            if ("available".equals(status) && instance.endpoint() != null) {
                progress.line("database " + identifier + " is available at " + instance.endpoint().address() + ":"
                        + instance.endpoint().port());
                return new Endpoint(instance.endpoint().address(), instance.endpoint().port(), instance.dbName(),
                        instance.masterUsername(), recorder.ledger().id("secret", "database").orElseThrow());
            }
            if (Set.of("failed", "incompatible-parameters", "incompatible-network", "storage-full")
                    .contains(status)) {
                throw new InfrastructureException(Agent.PROVISIONER, "the RDS instance " + identifier + " is "
                        + status, "Waiting for the database of " + app, "See the instance's events in the RDS "
                        + "console; hivemind destroy " + app + " removes it, then deploy again");
            }
            if (!status.equals(last)) {
                progress.line("database " + identifier + ": " + status + " (RDS takes several minutes)");
                last = status;
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.PROVISIONER, "the RDS instance " + identifier + " is still "
                        + status + " after " + DEADLINE.toMinutes() + " minutes", "Waiting for the database of "
                        + app, "Run hivemind resume ID once the RDS console shows it available");
            }
            Compute.sleep();
        }
    }

    /** The app's {@code DATABASE_URL}, with the password read from Secrets Manager at the moment it is needed. */
    static String url(RdsClient rds, SecretsManagerClient secrets, AwsLedger ledger) {
        String identifier = ledger.id("db-instance", "main").orElseThrow();
        DBInstance instance = rds.describeDBInstances(request -> request.dbInstanceIdentifier(identifier))
                .dbInstances().get(0);
        String password = read(secrets, ledger.id("secret", "database").orElseThrow()).get("password").asText();
        return DatabaseUrl.postgres(instance.masterUsername(), password, instance.endpoint().address(),
                instance.endpoint().port(), instance.dbName());
    }

    Optional<DBInstance> findInstance(String identifier) {
        return find(rds, identifier);
    }

    static Optional<DBInstance> find(RdsClient rds, String identifier) {
        try {
            return rds.describeDBInstances(request -> request.dbInstanceIdentifier(identifier)).dbInstances()
                    .stream().findFirst();
        } catch (DbInstanceNotFoundException e) {
            return Optional.empty();
        }
    }

    private Optional<String> findSubnetGroup(String name) {
        try {
            return rds.describeDBSubnetGroups(request -> request.dbSubnetGroupName(name)).dbSubnetGroups().stream()
                    .findFirst().map(group -> group.dbSubnetGroupName());
        } catch (DbSubnetGroupNotFoundException e) {
            return Optional.empty();
        }
    }

    /** The app's secret by its name; one scheduled for deletion by an earlier destroy is restored. */
    private Optional<String> findSecret(String app) {
        Optional<DescribeSecretResponse> found = describeSecret(secrets, secretName(app));
        found.filter(secret -> secret.deletedDate() != null).ifPresent(secret -> secrets.restoreSecret(request ->
                request.secretId(secret.arn())));
        return found.map(DescribeSecretResponse::arn);
    }

    static Optional<DescribeSecretResponse> describeSecret(SecretsManagerClient secrets, String id) {
        try {
            return Optional.of(secrets.describeSecret(request -> request.secretId(id)));
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    private String password(String secret) {
        return read(secrets, secret).get("password").asText();
    }

    private static JsonNode read(SecretsManagerClient secrets, String secret) {
        try {
            return JSON.readTree(secrets.getSecretValue(request -> request.secretId(secret)).secretString());
        } catch (IOException e) {
            throw new UncheckedIOException("the secret " + secret + " does not hold HiveMind's JSON", e);
        }
    }

    /** 32 characters RDS takes in a master password (none of {@code / @ " } or a space). */
    static String password() {
        StringBuilder password = new StringBuilder();
        for (int n = 0; n < 32; n++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    private static String credentials(String user, String password) {
        try {
            return JSON.writeValueAsString(Map.of("engine", ENGINE, "username", user, "password", password));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
