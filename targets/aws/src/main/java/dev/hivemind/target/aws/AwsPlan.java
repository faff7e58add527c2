package dev.hivemind.target.aws;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.remote.CloudSettings;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What HiveMind creates on AWS for an app, and what it costs a month, before anything is created: a VPC
 * ({@value #VPC_CIDR}) with a public and a private subnet in each of two zones, an internet gateway and route tables;
 * security groups (load balancer, app, SSH, database); a key pair; the instances (sized by stack); the database when
 * the app needs one; the load balancer with its target group and listeners; a certificate when a domain is given.
 */
record AwsPlan(String app, String instanceType, int instances, int appPort, String adminCidr, boolean database,
               String databaseClass, int databaseStorageGb, String databaseName, Optional<String> domain, Optional<String> certificateArn,
               List<PlannedResource> resources) {
    static final String VPC_CIDR = "10.0.0.0/16";
    static final List<String> PUBLIC_CIDRS = List.of("10.0.0.0/24", "10.0.1.0/24");
    static final List<String> PRIVATE_CIDRS = List.of("10.0.10.0/24", "10.0.11.0/24");
    static final int ROOT_VOLUME_GB = 20;
    static final String DEFAULT_DATABASE_CLASS = "db.t3.micro";
    static final int DEFAULT_DATABASE_GB = 20;
    private static final String DOMAIN = "(?=.{1,253}$)(\\*\\.)?([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z]{2,63}";

    AwsPlan {
        resources = List.copyOf(resources);
    }

    /**
     * The plan for {@code app} on {@code appPort} (the instances' edge proxy), from the settings and, once known, the
     * stack (which sizes the instances and says whether a database is needed).
     *
     * @throws InvalidInputException when a setting cannot be planned (no admin CIDR, one open to the world, an
     *                               instance type without a price)
     */
    static AwsPlan of(String app, CloudSettings settings, Optional<TechStack> stack, int appPort) {
        return of(app, settings, stack, appPort, false);
    }

    /**
     * {@link #of(String, CloudSettings, Optional, int)}; with {@code databaseSupplied} (the app's environment gives
     * {@code DATABASE_URL}) no RDS instance is planned, whatever the stack needs: the app uses the database it names.
     */
    static AwsPlan of(String app, CloudSettings settings, Optional<TechStack> stack, int appPort,
                      boolean databaseSupplied) {
        String adminCidr = adminCidr(settings.adminCidr());
        settings.domain().filter(domain -> !domain.matches(DOMAIN)).ifPresent(domain -> {
            throw new InvalidInputException(Agent.PROVISIONER, "'" + domain + "' is not a domain name",
                    "Planning HTTPS on the load balancer", "Pass the name the app is served at, e.g. --domain "
                    + "shop.example.com");
        });
        String type = settings.instanceType().orElseGet(() -> sizeFor(stack));
        int count = settings.instances() == 0 ? 1 : settings.instances();
        boolean database = !databaseSupplied && stack.filter(AwsPlan::needsPostgres).isPresent();
        String dbClass = settings.database().instanceClass().orElse(DEFAULT_DATABASE_CLASS);
        int dbGb = settings.database().storageGb() == 0 ? DEFAULT_DATABASE_GB : settings.database().storageGb();
        List<PlannedResource> planned = new ArrayList<>();
        planned.add(new PlannedResource("vpc", "main", VPC_CIDR, 0));
        for (int zone = 0; zone < 2; zone++) {
            planned.add(new PlannedResource("subnet", "public-" + zone, PUBLIC_CIDRS.get(zone) + " in zone " + (zone + 1)
                    + ", public addresses on launch", 0));
        }
        for (int zone = 0; zone < 2; zone++) {
            planned.add(new PlannedResource("subnet", "private-" + zone, PRIVATE_CIDRS.get(zone) + " in zone "
                    + (zone + 1) + ", no route to the internet", 0));
        }
        planned.add(new PlannedResource("internet-gateway", "main", "attached to the VPC", 0));
        planned.add(new PlannedResource("route-table", "public", "0.0.0.0/0 to the internet gateway, for the public "
                + "subnets", 0));
        planned.add(new PlannedResource("route-table", "private", "the VPC only, for the private subnets (no NAT "
                + "gateway: $0)", 0));
        planned.add(new PlannedResource("security-group", "lb", "80 and 443 from anywhere, to the load balancer", 0));
        planned.add(new PlannedResource("security-group", "app", appPort + " from the load balancer's group only", 0));
        planned.add(new PlannedResource("security-group", "ssh", "22 from " + adminCidr + " only", 0));
        if (database) {
            planned.add(new PlannedResource("security-group", "db", "5432 from the app's group only", 0));
        }
        planned.add(new PlannedResource("key-pair", "main", "Ed25519, made on this machine; the private key stays "
                + "here (0600)", 0));
        for (int n = 1; n <= count; n++) {
            planned.add(new PlannedResource("instance", "web-" + n, type + ", Debian 12, IMDSv2 required, public "
                    + "subnet " + ((n - 1) % 2 + 1) + ", public IPv4", PriceTable.instanceMonthly(type)
                    + PriceTable.monthly(PriceTable.PUBLIC_IPV4_HOURLY)));
            planned.add(new PlannedResource("volume", "web-" + n, ROOT_VOLUME_GB + " GB gp3, encrypted (the "
                    + "instance's root)", ROOT_VOLUME_GB * PriceTable.EBS_GP3_GB_MONTH));
        }
        if (database) {
            planned.add(new PlannedResource("db-subnet-group", "main", "the two private subnets", 0));
            planned.add(new PlannedResource("secret", "database", "the database's master password, generated here, "
                    + "kept only in Secrets Manager", PriceTable.SECRET_MONTH));
            planned.add(new PlannedResource("db-instance", "main", "PostgreSQL on " + dbClass + ", " + dbGb
                    + " GB gp3 encrypted, private subnets, not publicly accessible, backups kept "
                    + Database.BACKUP_DAYS + " days",
                    PriceTable.databaseMonthly(dbClass) + dbGb * PriceTable.RDS_STORAGE_GB_MONTH));
        }
        planned.add(new PlannedResource("load-balancer", "main", "application, internet-facing, in the two public "
                + "subnets (two public IPv4 addresses)", PriceTable.monthly(PriceTable.ALB_HOURLY
                + PriceTable.ALB_LCU_HOURLY + 2 * PriceTable.PUBLIC_IPV4_HOURLY)));
        planned.add(new PlannedResource("target-group", "main", "HTTP " + appPort + " on the instances, health "
                + "checked", 0));
        boolean https = settings.certificateArn().isPresent() || settings.domain().isPresent();
        if (settings.certificateArn().isEmpty() && settings.domain().isPresent()) {
            planned.add(new PlannedResource("certificate", "main", "ACM, " + settings.domain().get() + ", DNS "
                    + "validation: its records are printed, and provisioning waits until ACM has issued it", 0));
        }
        planned.add(new PlannedResource("listener", "http", https ? "80: redirect to HTTPS" : "80: forward to the "
                + "instances", 0));
        if (https) {
            planned.add(new PlannedResource("listener", "https", "443: TLS with " + settings.certificateArn()
                    .orElse("the ACM certificate of " + settings.domain().orElse("")) + ", forward to the instances",
                    0));
        }
        return new AwsPlan(app, type, count, appPort, adminCidr, database, dbClass, dbGb,
                Database.databaseName(app, stack.flatMap(TechStack::databaseName)), settings.domain(),
                settings.certificateArn(), planned);
    }

    /**
     * Whether the app needs a PostgreSQL server, which RDS gives it. An app that needs another server (MySQL) gets
     * none here: the engine refuses it unless the user gives its {@code DATABASE_URL}.
     */
    static boolean needsPostgres(TechStack stack) {
        return stack.databaseNeedsServer() && stack.databaseType().map(type -> type.equals("postgresql"))
                .orElse(false);
    }

    /** The instance type for a stack: t3.micro for Go and static sites, t3.small for Node.js, Python and Java. */
    static String sizeFor(Optional<TechStack> stack) {
        return switch (stack.map(TechStack::language).orElse("").toLowerCase(Locale.ROOT)) {
            case "go", "static" -> "t3.micro";
            default -> "t3.small";
        };
    }

    private static String adminCidr(Optional<String> given) {
        String cidr = given.orElseThrow(() -> new InvalidInputException(Agent.PROVISIONER, "the aws target needs the "
                + "address range SSH to the instances is allowed from", "Planning the AWS security groups",
                "Pass --admin-cidr with this machine's public address, e.g. --admin-cidr 203.0.113.7/32 (or "
                + "aws.admin_cidr in hivemind.yaml); HiveMind deploys to the instances over SSH from here"));
        if (!cidr.matches("(\\d{1,3}\\.){3}\\d{1,3}/\\d{1,2}")) {
            throw new InvalidInputException(Agent.PROVISIONER, "'" + cidr + "' is not an IPv4 address range",
                    "Planning the AWS security groups", "Write it as ADDRESS/BITS, e.g. 203.0.113.7/32");
        }
        if (cidr.endsWith("/0")) {
            throw new InvalidInputException(Agent.PROVISIONER, "SSH from " + cidr + " would open the instances' SSH "
                    + "port to the whole internet", "Planning the AWS security groups", "Pass the address range you "
                    + "deploy from, e.g. --admin-cidr 203.0.113.7/32");
        }
        return cidr;
    }

    double monthlyCost() {
        return resources.stream().mapToDouble(PlannedResource::monthly).sum();
    }

    /** The plan as the approval gate and the journal show it: one line per resource, then the total. */
    List<String> lines() {
        List<String> lines = new ArrayList<>();
        for (PlannedResource resource : resources) {
            lines.add("create " + resource.kind() + " " + resource.role() + ": " + resource.detail()
                    + (resource.monthly() > 0 ? String.format(Locale.ROOT, " ($%.2f/month)", resource.monthly()) : ""));
        }
        lines.add(String.format(Locale.ROOT, "estimated cost: $%.2f a month (%s; data transfer and requests "
                + "beyond one load balancer capacity unit not included)", monthlyCost(), PriceTable.source()));
        return lines;
    }
}
