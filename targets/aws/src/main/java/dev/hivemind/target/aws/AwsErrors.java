package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InfrastructureException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * AWS's errors as HiveMind's, once, at the target's edge: expired or refused credentials are bad input (exit 2); a
 * missing permission names the IAM action; an exceeded quota, throttling that outlasted the SDK's 5 attempts and an
 * instance type the region does not offer say what to do; AWS that cannot be reached is a network error (retried by
 * the engine's policy).
 */
final class AwsErrors {
    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AccessDenied", "AccessDeniedException");
    private static final Set<String> THROTTLED = Set.of("RequestLimitExceeded", "Throttling", "ThrottlingException",
            "TooManyRequestsException");
    private static final Set<String> EXPIRED = Set.of("ExpiredToken", "ExpiredTokenException", "RequestExpired",
            "AuthFailure", "InvalidClientTokenId", "SignatureDoesNotMatch");
    private static final Pattern ACTION = Pattern.compile("(?:perform: |" + CallNames.MARK
            + ")([a-z0-9-]+:[A-Za-z0-9]+)");

    private AwsErrors() {
    }

    static <T> T translated(String context, Supplier<T> call) {
        try {
            return call.get();
        } catch (HiveMindException e) {
            throw e;
        } catch (AwsServiceException e) {
            throw translate(context, e);
        } catch (SdkClientException e) {
            throw new NetworkException(Agent.PROVISIONER, "cannot reach AWS: " + e.getMessage(), context,
                    "Check the network (and AWS_ENDPOINT_URL if set), then run hivemind resume ID", e);
        }
    }

    static HiveMindException translate(String context, AwsServiceException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage();
        String said = code + ": " + message;
        if (EXPIRED.contains(code)) {
            return new InvalidInputException(Agent.PROVISIONER, "AWS refused the credentials (" + said + ")", context,
                    "Renew them (aws sso login, or new keys; aws sts get-caller-identity must work), then run "
                    + "hivemind resume ID", e);
        }
        if (DENIED.contains(code)) {
            Matcher action = ACTION.matcher(String.valueOf(message));
            return new InfrastructureException(Agent.PROVISIONER, "missing permission" + (action.find() ? " "
                    + action.group(1) : "") + " (" + said + ")", context, "Add " + (action.find(0) ? action.group(1)
                    : "the action") + " to the IAM policy of these credentials (docs/targets/aws.md lists the policy "
                    + "HiveMind needs), then run hivemind resume ID", e);
        }
        if (THROTTLED.contains(code)) {
            return new InfrastructureException(Agent.PROVISIONER, "AWS kept throttling the calls after "
                    + AwsClients.MAX_ATTEMPTS + " attempts (" + said + ")", context, "Wait a minute, then run "
                    + "hivemind resume ID", e);
        }
        if (code.endsWith("LimitExceeded") || code.endsWith("LimitExceededException") || code.startsWith("TooMany")
                || code.contains("QuotaExceeded")) {
            return new InfrastructureException(Agent.PROVISIONER, "an AWS quota is exceeded (" + said + ")", context,
                    "Free some (aws ec2 describe-instances, describe-vpcs...) or ask for more in the Service Quotas "
                    + "console, then run hivemind resume ID", e);
        }
        if (code.equals("InvalidParameterCombination") && String.valueOf(message).contains("DBInstanceClass")) {
            return new InfrastructureException(Agent.PROVISIONER, "RDS does not offer this database class here ("
                    + said + ")", context, "Choose another aws.database.instance_class in hivemind.yaml (aws rds "
                    + "describe-orderable-db-instance-options --engine postgres lists those of the region), then "
                    + "run hivemind resume ID", e);
        }
        if (code.equals("Unsupported") || String.valueOf(message).contains("instance type")) {
            return new InfrastructureException(Agent.PROVISIONER, "AWS does not offer what was asked here (" + said
                    + ")", context, "Choose another --instance-type (aws ec2 describe-instance-type-offerings "
                    + "lists those of the region), then run hivemind resume ID", e);
        }
        return new InfrastructureException(Agent.PROVISIONER, "AWS answered " + said, context, "Fix what AWS names, "
                + "then run hivemind resume ID (what was created is kept and not created again)", e);
    }
}
