package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

/**
 * AWS's on-demand prices that HiveMind's estimates use: US East (N. Virginia), Linux, in US dollars, as published on
 * {@link #AS_OF}. Other regions cost up to about a fifth more; the estimate says which prices it used. A month is
 * {@link #HOURS_PER_MONTH} hours, as AWS's own calculator counts it.
 */
final class PriceTable {
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 1);
    static final String REGION = "us-east-1";
    static final double HOURS_PER_MONTH = 730;

    /** EC2 instances, per hour. */
    private static final Map<String, Double> INSTANCE_HOURLY = Map.ofEntries(
            Map.entry("t3.nano", 0.0052), Map.entry("t3.micro", 0.0104), Map.entry("t3.small", 0.0208),
            Map.entry("t3.medium", 0.0416), Map.entry("t3.large", 0.0832), Map.entry("t3.xlarge", 0.1664),
            Map.entry("t4g.micro", 0.0084), Map.entry("t4g.small", 0.0168), Map.entry("t4g.medium", 0.0336),
            Map.entry("m5.large", 0.096), Map.entry("m6i.large", 0.096), Map.entry("c6i.large", 0.085));
    /** RDS for PostgreSQL, single-AZ, per hour. */
    private static final Map<String, Double> DATABASE_HOURLY = Map.of(
            "db.t3.micro", 0.018, "db.t3.small", 0.036, "db.t3.medium", 0.072, "db.t4g.micro", 0.016,
            "db.t4g.small", 0.032, "db.m6i.large", 0.178);
    /** EBS gp3, per GB-month. */
    static final double EBS_GP3_GB_MONTH = 0.08;
    /** RDS gp3 storage, per GB-month (the same as gp2's). */
    static final double RDS_STORAGE_GB_MONTH = 0.115;
    /** A Secrets Manager secret, per month (API calls beyond a few are $0.05 per 10,000). */
    static final double SECRET_MONTH = 0.40;
    /** An Application Load Balancer, per hour, plus one load balancer capacity unit per hour (a small app's use). */
    static final double ALB_HOURLY = 0.0225;
    static final double ALB_LCU_HOURLY = 0.008;
    /** A public IPv4 address, per hour (an instance's, and each of the load balancer's, one per zone). */
    static final double PUBLIC_IPV4_HOURLY = 0.005;
    /** A NAT gateway, per hour (HiveMind's layout needs none: the instances are in public subnets). */
    static final double NAT_GATEWAY_HOURLY = 0.045;

    private PriceTable() {
    }

    static boolean knowsInstance(String type) {
        return INSTANCE_HOURLY.containsKey(type);
    }

    static double instanceMonthly(String type) {
        return monthly(hourly(INSTANCE_HOURLY, type, "instance type", "aws.instance_type"));
    }

    static double databaseMonthly(String instanceClass) {
        return monthly(hourly(DATABASE_HOURLY, instanceClass, "database class", "aws.database.instance_class"));
    }

    static double monthly(double hourly) {
        return hourly * HOURS_PER_MONTH;
    }

    private static double hourly(Map<String, Double> table, String name, String what, String key) {
        return Optional.ofNullable(table.get(name)).orElseThrow(() -> new InvalidInputException(Agent.PROVISIONER,
                "HiveMind has no price for the " + what + " " + name + ", so it cannot show what it costs",
                "Estimating the cost of the AWS resources", "Choose one of " + new java.util.TreeSet<>(table.keySet())
                + " (" + key + " in hivemind.yaml)"));
    }

    /** Where the numbers come from, for the plan. */
    static String source() {
        return "on-demand prices of " + REGION + " as of " + AS_OF + ", " + (int) HOURS_PER_MONTH + " hours a month";
    }
}
