package dev.hivemind.target.aws;

import dev.hivemind.api.SecurityCheck;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.inspector2.Inspector2Client;
import software.amazon.awssdk.services.inspector2.model.Finding;
import software.amazon.awssdk.services.inspector2.model.ListFindingsResponse;
import software.amazon.awssdk.services.inspector2.model.Severity;
import software.amazon.awssdk.services.inspector2.model.StringComparison;
import software.amazon.awssdk.services.inspector2.model.StringFilter;

/**
 * Amazon Inspector's view of the instances, when Inspector scans EC2 in the account: its active findings on them,
 * counted by severity, the worst named. It fails the check only for critical or high findings. When Inspector is not
 * enabled (or these credentials may not read it) the check says so plainly and passes: HiveMind does not enable a paid
 * service on its own.
 */
final class Inspector {
    static final String CHECK = "aws: Inspector";
    static final String NOT_ENABLED = "Inspector is not enabled in this account";
    private static final int SHOWN = 3;

    private Inspector() {
    }

    static SecurityCheck check(Inspector2Client inspector, List<String> instances) {
        try {
            var status = inspector.batchGetAccountStatus(request -> { }).accounts();
            boolean ec2 = !status.isEmpty() && status.get(0).resourceState() != null
                    && status.get(0).resourceState().ec2() != null
                    && "ENABLED".equals(status.get(0).resourceState().ec2().statusAsString());
            if (!ec2) {
                return new SecurityCheck(CHECK, true, NOT_ENABLED + " for EC2 (enable it with aws inspector2 enable "
                        + "--resource-types EC2 to have the instances scanned)");
            }
            return summary(findings(inspector, instances), instances.size());
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
            if (code.startsWith("AccessDenied")) {
                return new SecurityCheck(CHECK, true, NOT_ENABLED + ", or these credentials may not read it ("
                        + code + ": " + e.awsErrorDetails().errorMessage() + "; the policy in docs/targets/aws.md "
                        + "allows inspector2:BatchGetAccountStatus and inspector2:ListFindings)");
            }
            throw e;
        }
    }

    private static List<Finding> findings(Inspector2Client inspector, List<String> instances) {
        List<Finding> findings = new ArrayList<>();
        if (instances.isEmpty()) {
            return findings;
        }
        List<StringFilter> ids = instances.stream().map(id -> StringFilter.builder()
                .comparison(StringComparison.EQUALS).value(id).build()).toList();
        String token = null;
        do {
            String page = token;
            ListFindingsResponse response = inspector.listFindings(request -> request.filterCriteria(criteria -> criteria
                    .resourceId(ids).findingStatus(StringFilter.builder().comparison(StringComparison.EQUALS)
                            .value("ACTIVE").build())).nextToken(page));
            findings.addAll(response.findings());
            token = response.nextToken();
        } while (token != null && !token.isEmpty());
        return findings;
    }

    /** Worst first. */
    private static int rank(Severity severity) {
        return switch (severity) {
            case CRITICAL -> 0;
            case HIGH -> 1;
            case MEDIUM -> 2;
            case LOW -> 3;
            case INFORMATIONAL -> 4;
            default -> 5;
        };
    }

    static SecurityCheck summary(List<Finding> findings, int instances) {
        if (findings.isEmpty()) {
            return new SecurityCheck(CHECK, true, "no active Inspector findings on the " + instances
                    + " instance(s)");
        }
        Map<Severity, Integer> counts = new java.util.TreeMap<>(java.util.Comparator.comparingInt(Inspector::rank));
        findings.forEach(finding -> counts.merge(finding.severity(), 1, Integer::sum));
        List<String> parts = new ArrayList<>();
        counts.forEach((severity, count) -> parts.add(count + " " + severity.toString().toLowerCase(Locale.ROOT)));
        List<String> worst = findings.stream().sorted(java.util.Comparator.comparingInt(finding -> rank(finding
                        .severity())))
                .limit(SHOWN).map(finding -> finding.severityAsString() + " " + finding.title() + " ("
                        + finding.resources().stream().map(resource -> resource.id()).distinct()
                        .reduce((a, b) -> a + ", " + b).orElse("") + ")").toList();
        boolean serious = counts.containsKey(Severity.CRITICAL) || counts.containsKey(Severity.HIGH);
        return new SecurityCheck(CHECK, !serious, findings.size() + " active Inspector finding(s) on the instances: "
                + String.join(", ", parts) + "; worst: " + String.join("; ", worst));
    }
}
