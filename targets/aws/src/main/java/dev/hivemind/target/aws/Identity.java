package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sts.model.GetCallerIdentityResponse;

/**
 * Who HiveMind acts as on AWS ({@code sts:GetCallerIdentity}), asked before anything is created: credentials that
 * are missing, wrong or expired stop the command with exit 2 and what to do.
 */
final class Identity {
    private static final Set<String> BAD_CREDENTIALS = Set.of("InvalidClientTokenId", "SignatureDoesNotMatch",
            "ExpiredToken", "ExpiredTokenException", "UnrecognizedClientException", "InvalidAccessKeyId",
            "AuthFailure");

    private Identity() {
    }

    /** {@code account (arn)}; throws with the remediation when the credentials are refused or absent. */
    static String check(AwsClients clients) {
        try {
            GetCallerIdentityResponse identity = clients.sts().getCallerIdentity();
            return "account " + identity.account() + " as " + identity.arn();
        } catch (AwsServiceException e) {
            String code = e.awsErrorDetails() == null ? "" : e.awsErrorDetails().errorCode();
            if (BAD_CREDENTIALS.contains(code)) {
                throw new InvalidInputException(Agent.PROVISIONER, "AWS refused the credentials (" + code + ": "
                        + e.awsErrorDetails().errorMessage() + ")", "Checking the AWS credentials",
                        code.startsWith("Expired") ? "Renew them (aws sso login, or new keys) and run the command again"
                                : "Check AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY or AWS_PROFILE (aws sts "
                                + "get-caller-identity must work), then run the command again", e);
            }
            throw e;
        } catch (SdkClientException e) {
            if (String.valueOf(e.getMessage()).contains("credentials")) {
                throw new InvalidInputException(Agent.PROVISIONER, "no AWS credentials were found",
                        "Checking the AWS credentials", "Export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or set "
                        + "AWS_PROFILE to a profile of ~/.aws/config (aws configure / aws sso login)", e);
            }
            throw e;
        }
    }
}
