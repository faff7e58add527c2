package dev.hivemind.api.remote;

import java.util.Objects;
import java.util.Optional;

/**
 * What a deployment to a cloud target asks for ({@code --region}, {@code aws:} in {@code hivemind.yaml}), kept in the
 * deployment's request so that {@code resume} provisions the same way. Every field is optional: the target chooses.
 *
 * @param region         the region (else the SDK's chain: {@code AWS_REGION}, the profile)
 * @param instanceType   the instance type (else chosen by stack)
 * @param instances      how many instances (at least 1; 0: the target's default, 1)
 * @param domain         a domain to get a certificate for (HTTPS on the load balancer)
 * @param certificateArn an existing certificate for HTTPS on the load balancer
 * @param adminCidr      where SSH to the instances is allowed from (never {@code 0.0.0.0/0})
 * @param database       the managed database's class and storage
 */
public record CloudSettings(Optional<String> region, Optional<String> instanceType, int instances,
                            Optional<String> domain, Optional<String> certificateArn, Optional<String> adminCidr,
                            Database database) {

    public CloudSettings {
        region = orEmpty(region);
        instanceType = orEmpty(instanceType);
        domain = orEmpty(domain);
        certificateArn = orEmpty(certificateArn);
        adminCidr = orEmpty(adminCidr);
        database = database == null ? Database.defaults() : database;
        if (instances < 0) {
            throw new IllegalArgumentException("a number of instances is not negative: " + instances);
        }
    }

    /** Nothing asked for: a target that is not a cloud's, or one left to its defaults. */
    public static CloudSettings none() {
        return new CloudSettings(Optional.empty(), Optional.empty(), 0, Optional.empty(), Optional.empty(),
                Optional.empty(), Database.defaults());
    }

    public boolean isEmpty() {
        return equals(none());
    }

    private static Optional<String> orEmpty(Optional<String> value) {
        return value == null ? Optional.empty() : value;
    }

    /**
     * The managed database, when the app needs one.
     *
     * @param instanceClass e.g. {@code db.t3.micro}
     * @param storageGb     allocated storage (0: the target's default, 20)
     */
    public record Database(Optional<String> instanceClass, int storageGb) {
        public Database {
            instanceClass = instanceClass == null ? Optional.empty() : instanceClass;
            if (storageGb < 0) {
                throw new IllegalArgumentException("storage is not negative: " + storageGb);
            }
        }

        public static Database defaults() {
            return new Database(Optional.empty(), 0);
        }
    }

    public CloudSettings withRegion(Optional<String> chosen) {
        return new CloudSettings(Objects.requireNonNull(chosen), instanceType, instances, domain, certificateArn,
                adminCidr, database);
    }
}
