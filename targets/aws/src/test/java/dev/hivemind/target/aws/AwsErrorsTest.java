package dev.hivemind.target.aws;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;

class AwsErrorsTest {

    private static HiveMindException answered(String code, String message) {
        return AwsErrors.translate("Provisioning", (Ec2Exception) Ec2Exception.builder().awsErrorDetails(
                AwsErrorDetails.builder().errorCode(code).errorMessage(message).build()).build());
    }

    @Test
    void aMissingPermissionNamesTheIamAction() {
        HiveMindException error = answered("UnauthorizedOperation", "You are not authorized to perform this "
                + "operation. User: arn:aws:iam::1:user/ci is not authorized to perform: ec2:RunInstances on resource");

        assertThat(error.getMessage()).startsWith("missing permission ec2:RunInstances (UnauthorizedOperation:");
        assertThat(error.remediation()).startsWith("Add ec2:RunInstances to the IAM policy");
    }

    @Test
    void expiredCredentialsAreBadInputAndQuotasThrottlingAndInstanceTypesSayWhatToDo() {
        assertThat(answered("ExpiredToken", "The security token included in the request is expired"))
                .isInstanceOf(InvalidInputException.class);
        assertThat(answered("VcpuLimitExceeded", "You have requested more vCPU capacity").getMessage())
                .startsWith("an AWS quota is exceeded");
        assertThat(answered("RequestLimitExceeded", "Request limit exceeded.").getMessage())
                .startsWith("AWS kept throttling the calls after 5 attempts");
        assertThat(answered("Unsupported", "The requested configuration is currently not supported.").remediation())
                .contains("--instance-type");
    }

    @Test
    void rdsQuotasAndClassesAndOtherServicesLimitsSayWhatToDo() {
        assertThat(answered("InstanceQuotaExceeded", "DB Instance quota exceeded").getMessage())
                .startsWith("an AWS quota is exceeded");
        assertThat(answered("LimitExceededException", "You have reached the maximum number of secrets").getMessage())
                .startsWith("an AWS quota is exceeded");
        HiveMindException unsupported = answered("InvalidParameterCombination", "RDS does not support creating a DB "
                + "instance with the following combination: DBInstanceClass=db.t3.micro, Engine=postgres");
        assertThat(unsupported.getMessage()).startsWith("RDS does not offer this database class here");
        assertThat(unsupported.remediation()).contains("aws.database.instance_class");
        assertThat(answered("AccessDeniedException", "not authorized (HiveMind's call: rds:CreateDBInstance)")
                .getMessage()).startsWith("missing permission rds:CreateDBInstance (");
    }

    @Test
    void anUnreachableAwsIsANetworkError() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> AwsErrors.translated("Provisioning", () -> {
            throw SdkClientException.create("Unable to execute HTTP request: Connection refused");
        }))).isInstanceOf(NetworkException.class).hasMessageContaining("cannot reach AWS");
    }
}
