package dev.hivemind.target.aws;

import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * Names the IAM action of a call that AWS refused for want of a permission, when AWS's message does not (EC2's
 * {@code UnauthorizedOperation} often carries only an encoded message): the call's service and operation are the
 * action ({@code ec2:RunInstances}), appended to the error's message for {@link AwsErrors}.
 */
final class CallNames implements ExecutionInterceptor {
    static final String MARK = "HiveMind's call: ";
    private static final Set<String> DENIED = Set.of("UnauthorizedOperation", "AccessDenied", "AccessDeniedException");
    /** The SDK's service names and their IAM prefixes. */
    private static final Map<String, String> PREFIXES = Map.of("Ec2", "ec2", "ElasticLoadBalancingV2",
            "elasticloadbalancing", "Rds", "rds", "SecretsManager", "secretsmanager", "Acm", "acm",
            "ResourceGroupsTaggingApi", "tag", "Inspector2", "inspector2", "Sts", "sts");

    @Override
    public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
        if (!(context.exception() instanceof AwsServiceException e) || e.awsErrorDetails() == null
                || !DENIED.contains(String.valueOf(e.awsErrorDetails().errorCode()))) {
            return context.exception();
        }
        String service = attributes.getAttribute(SdkExecutionAttribute.SERVICE_NAME);
        String action = PREFIXES.getOrDefault(service, String.valueOf(service).toLowerCase(java.util.Locale.ROOT))
                + ":" + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        AwsErrorDetails details = e.awsErrorDetails();
        return e.toBuilder().awsErrorDetails(details.toBuilder().errorMessage(details.errorMessage() + " (" + MARK
                + action + ")").build()).build();
    }
}
