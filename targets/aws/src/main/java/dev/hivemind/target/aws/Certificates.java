package dev.hivemind.target.aws;

import dev.hivemind.api.Progress;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.acm.model.CertificateDetail;
import software.amazon.awssdk.services.acm.model.CertificateStatus;
import software.amazon.awssdk.services.acm.model.DomainValidation;
import software.amazon.awssdk.services.acm.model.ResourceNotFoundException;
import software.amazon.awssdk.services.acm.model.ValidationMethod;

/**
 * The ACM certificate of {@code --domain}: requested with DNS validation (tagged, with an idempotency token, recorded
 * at once), its validation records printed for the user to add to the domain's DNS, and then a gate: provisioning
 * waits until ACM says {@code ISSUED}; when it is still pending after the wait, the run stops with the records to add
 * and {@code hivemind resume ID} continues with the same certificate. A certificate given with
 * {@code --certificate-arn} is the user's: it is used, checked to be issued, and never deleted.
 */
final class Certificates {
    static final Duration DEFAULT_WAIT = Duration.ofMinutes(30);
    private static final Duration RECORD_WAIT = Duration.ofMinutes(2);

    private final AcmClient acm;
    private final Recorder recorder;
    private final Tags tags;
    private final Duration wait;

    Certificates(AcmClient acm, Recorder recorder, Tags tags, Duration wait) {
        this.acm = acm;
        this.recorder = recorder;
        this.tags = tags;
        this.wait = wait;
    }

    /** Requests (or finds) the certificate of {@code domain} and prints its DNS validation records; returns its ARN. */
    String request(String domain, Progress progress) {
        String arn = recorder.ensure("certificate", "main", () -> find(acm, tags.app(), domain),
                () -> acm.requestCertificate(request -> request.domainName(domain)
                        .validationMethod(ValidationMethod.DNS).idempotencyToken(token(tags.app(), domain))
                        .tags(tags.of("main").entrySet().stream().map(tag -> software.amazon.awssdk.services.acm.model
                                .Tag.builder().key(tag.getKey()).value(tag.getValue()).build()).toList()))
                        .certificateArn());
        CertificateDetail detail = describe(arn);
        long deadline = System.nanoTime() + RECORD_WAIT.toNanos();
        // ACM adds the validation records to the certificate a few seconds after the request
        while (detail.status() == CertificateStatus.PENDING_VALIDATION && records(detail).isEmpty()
                && System.nanoTime() < deadline) {
            Compute.sleep();
            detail = describe(arn);
        }
        if (detail.status() == CertificateStatus.PENDING_VALIDATION) {
            for (String record : records(detail)) {
                progress.line("certificate of " + domain + ": add this DNS record to validate it: " + record);
            }
        }
        return arn;
    }

    /** The gate: waits until the certificate is issued; still pending after the wait, stops the run with what to do. */
    void awaitIssued(String arn, String domain, Progress progress) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            CertificateDetail detail = describe(arn);
            if (detail.status() == CertificateStatus.ISSUED) {
                progress.line("certificate of " + domain + " is issued: " + arn);
                return;
            }
            if (detail.status() != CertificateStatus.PENDING_VALIDATION) {
                throw new InfrastructureException(Agent.PROVISIONER, "the ACM certificate of " + domain + " is "
                        + detail.statusAsString() + (detail.failureReason() == null ? "" : " ("
                        + detail.failureReasonAsString() + ")"), "Waiting for the certificate of " + domain,
                        "Check the domain in the ACM console; hivemind destroy removes the certificate, then deploy "
                        + "again (or pass --certificate-arn of an issued one)");
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.PROVISIONER, "the ACM certificate of " + domain + " is still "
                        + "waiting for its DNS validation after " + wait.toMinutes() + " minutes; add: "
                        + String.join("; ", records(detail)), "Waiting for the certificate of " + domain
                        + " (" + arn + ")", "Add the DNS record(s) above at the domain's DNS provider, then run "
                        + "hivemind resume ID: the same certificate is kept and waited for");
            }
            Compute.sleep();
        }
    }

    /** A certificate that the user gave must exist and be issued before a listener can use it. */
    static void checkIssued(AcmClient acm, String arn) {
        CertificateDetail detail;
        try {
            detail = acm.describeCertificate(request -> request.certificateArn(arn)).certificate();
        } catch (ResourceNotFoundException e) {
            throw new InfrastructureException(Agent.PROVISIONER, "ACM has no certificate " + arn + " in this region",
                    "Checking the certificate of the load balancer", "Pass the ARN of an issued certificate of the "
                    + "same region (aws acm list-certificates), or --domain to have HiveMind request one", e);
        }
        if (detail.status() != CertificateStatus.ISSUED) {
            throw new InfrastructureException(Agent.PROVISIONER, "the ACM certificate " + arn + " is "
                    + detail.statusAsString() + ", not issued", "Checking the certificate of the load balancer",
                    "Complete its validation (aws acm describe-certificate shows the DNS records), then run hivemind "
                    + "resume ID");
        }
    }

    private CertificateDetail describe(String arn) {
        return acm.describeCertificate(request -> request.certificateArn(arn)).certificate();
    }

    private static List<String> records(CertificateDetail detail) {
        return detail.domainValidationOptions().stream().map(DomainValidation::resourceRecord)
                .filter(record -> record != null).map(record -> record.name() + " " + record.typeAsString() + " "
                        + record.value()).distinct().toList();
    }

    /** The app's certificate of {@code domain}, found by its domain and tags (a run killed after the request). */
    static Optional<String> find(AcmClient acm, String app, String domain) {
        return acm.listCertificates(request -> request.includes(filters -> filters.keyTypesWithStrings(
                        "RSA_2048", "EC_prime256v1"))).certificateSummaryList().stream()
                .filter(summary -> domain == null || domain.equals(summary.domainName()))
                .map(summary -> summary.certificateArn())
                .filter(arn -> acm.listTagsForCertificate(request -> request.certificateArn(arn)).tags().stream()
                        .anyMatch(tag -> tag.key().equals(Tags.APP) && tag.value().equals(app)))
                .findFirst();
    }

    /** ACM's idempotency token: the same request within the hour answers the same certificate. */
    static String token(String app, String domain) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest((app + "/" + domain)
                    .getBytes(StandardCharsets.UTF_8))).substring(0, 32);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
