package dev.hivemind.target.aws;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The AWS resources of one app, in {@code aws/apps/<app>.json} (0600), written atomically each time one is created
 * and before the next is, so that a run killed at any point is resumed without creating it twice; what a killed run
 * created but did not get to record is found by its tags. Destroy reads it, removes each resource and forgets it.
 *
 * @param region    where they are
 * @param monthly   the plan's estimate, US dollars a month
 * @param resources in the order they were created
 */
record AwsLedger(String app, String region, double monthly, List<Entry> resources) {
    private static final ObjectMapper JSON = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .findAndRegisterModules();

    AwsLedger {
        resources = List.copyOf(resources);
    }

    static AwsLedger empty(String app, String region, double monthly) {
        return new AwsLedger(app, region, monthly, List.of());
    }

    /** A created resource: its kind, role (the {@code hivemind:role} tag) and AWS id or ARN. */
    record Entry(String kind, String role, String id) {
        String key() {
            return kind + "/" + role;
        }
    }

    Optional<String> id(String kind, String role) {
        return resources.stream().filter(entry -> entry.kind().equals(kind) && entry.role().equals(role))
                .map(Entry::id).findFirst();
    }

    List<Entry> ofKind(String kind) {
        return resources.stream().filter(entry -> entry.kind().equals(kind)).toList();
    }

    AwsLedger with(String kind, String role, String id) {
        List<Entry> next = new ArrayList<>(resources.stream()
                .filter(entry -> !(entry.kind().equals(kind) && entry.role().equals(role))).toList());
        next.add(new Entry(kind, role, id));
        return new AwsLedger(app, region, monthly, next);
    }

    AwsLedger without(Entry gone) {
        return new AwsLedger(app, region, monthly, resources.stream().filter(entry -> !entry.equals(gone)).toList());
    }

    AwsLedger withMonthly(double estimate) {
        return new AwsLedger(app, region, estimate, resources);
    }

    static Path file(HivemindHome home, String app) {
        return home.root().resolve("aws").resolve("apps").resolve(app + ".json");
    }

    void save(HivemindHome home) {
        try {
            PrivateFiles.writeAtomically(file(home, app), JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(this),
                    true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot record the AWS resources of " + app + " in " + file(home, app), e);
        }
    }

    static Optional<AwsLedger> load(HivemindHome home, String app) {
        Path file = file(home, app);
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(JSON.readValue(file.toFile(), AwsLedger.class));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the AWS resources of " + app + " from " + file, e);
        }
    }

    static void forget(HivemindHome home, String app) {
        try {
            Files.deleteIfExists(file(home, app));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + file(home, app), e);
        }
    }
}
