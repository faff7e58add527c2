package dev.hivemind.target.aws.standin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The JSON-protocol calls HiveMind makes ({@code X-Amz-Target: Service.Action}, JSON in and out): Secrets Manager
 * and the Resource Groups Tagging API. Secrets Manager's rules kept: names unique ({@code ResourceExistsException})
 * unless the same client token repeats the same create, which answers the same secret; a secret is found by name or
 * ARN; deleting needs either a recovery window (the secret is then scheduled for deletion: described with its
 * {@code DeletedDate}, its value refused, restorable) or {@code ForceDeleteWithoutRecovery}, not both. The tagging
 * API lists every live resource of every service whose tags match, as ARNs.
 */
final class JsonActions {
    static final ObjectMapper JSON = new ObjectMapper();
    private final AwsStandIn cloud;

    JsonActions(AwsStandIn cloud) {
        this.cloud = cloud;
    }

    String handle(String target, String body) {
        JsonNode request;
        try {
            request = body.isBlank() ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new StandInError(400, "SerializationException", "not JSON: " + e.getMessage());
        }
        ObjectNode answer = switch (target) {
            case "secretsmanager.CreateSecret" -> createSecret(request);
            case "secretsmanager.DescribeSecret" -> describeSecret(secret(request.path("SecretId").asText()));
            case "secretsmanager.GetSecretValue" -> getSecretValue(secret(request.path("SecretId").asText()));
            case "secretsmanager.DeleteSecret" -> deleteSecret(request);
            case "secretsmanager.RestoreSecret" -> {
                Resource secret = secret(request.path("SecretId").asText());
                secret.attributes.remove("deletedDate");
                yield JSON.createObjectNode().put("ARN", secret.id).put("Name", secret.attribute("name"));
            }
            case "ResourceGroupsTaggingAPI_20170126.GetResources" -> getResources(request);
            case "CertificateManager.RequestCertificate" -> requestCertificate(request);
            case "CertificateManager.DescribeCertificate" -> describeCertificate(certificate(request));
            case "CertificateManager.ListCertificates" -> {
                ObjectNode found = JSON.createObjectNode();
                ArrayNode list = found.putArray("CertificateSummaryList");
                cloud.resources.values().stream().filter(resource -> resource.kind.equals("certificate"))
                        .forEach(certificate -> list.addObject().put("CertificateArn", certificate.id).put("DomainName",
                                certificate.attribute("domain")));
                yield found;
            }
            case "CertificateManager.ListTagsForCertificate" -> {
                ObjectNode found = JSON.createObjectNode();
                ArrayNode tags = found.putArray("Tags");
                certificate(request).tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
                yield found;
            }
            case "CertificateManager.DeleteCertificate" -> deleteCertificate(certificate(request));
            default -> throw new StandInError(400, "UnknownOperationException", "the stand-in does not serve "
                    + target);
        };
        return answer.toString();
    }

    static String error(String code, String message) {
        return JSON.createObjectNode().put("__type", code).put("message", message).toString();
    }

    private Resource secret(String id) {
        for (Resource resource : cloud.resources.values()) {
            if (resource.kind.equals("secret") && (resource.id.equals(id) || id.equals(resource.attribute("name")))) {
                return resource;
            }
        }
        throw new StandInError(400, "ResourceNotFoundException", "Secrets Manager can't find the specified secret.");
    }

    private ObjectNode createSecret(JsonNode request) {
        String name = request.path("Name").asText();
        String token = request.path("ClientRequestToken").asText("");
        for (Resource existing : cloud.resources.values()) {
            if (existing.kind.equals("secret") && name.equals(existing.attribute("name"))) {
                if (!token.isEmpty() && token.equals(existing.attribute("token"))
                        && request.path("SecretString").asText().equals(existing.attribute("value"))) {
                    return JSON.createObjectNode().put("ARN", existing.id).put("Name", name).put("VersionId", token);
                }
                throw new StandInError(400, "ResourceExistsException", "The operation failed because the secret "
                        + name + " already exists.");
            }
        }
        String arn = "arn:aws:secretsmanager:us-east-1:" + AwsStandIn.ACCOUNT + ":secret:" + name + "-"
                + UUID.randomUUID().toString().substring(0, 6);
        Resource secret = new Resource(arn, "secret");
        secret.attributes.put("name", name);
        secret.attributes.put("value", request.path("SecretString").asText());
        secret.attributes.put("token", token.isEmpty() ? UUID.randomUUID().toString() : token);
        request.path("Tags").forEach(tag -> secret.tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        cloud.resources.put(arn, secret);
        return JSON.createObjectNode().put("ARN", arn).put("Name", name).put("VersionId", secret.attribute("token"));
    }

    private ObjectNode describeSecret(Resource secret) {
        ObjectNode answer = JSON.createObjectNode().put("ARN", secret.id).put("Name", secret.attribute("name"));
        if (secret.attributes.containsKey("deletedDate")) {
            answer.put("DeletedDate", (Long) secret.attributes.get("deletedDate"));
        }
        ArrayNode tags = answer.putArray("Tags");
        secret.tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
        return answer;
    }

    private ObjectNode getSecretValue(Resource secret) {
        if (secret.attributes.containsKey("deletedDate")) {
            throw new StandInError(400, "InvalidRequestException", "You can't perform this operation on the secret "
                    + "because it was marked for deletion.");
        }
        return JSON.createObjectNode().put("ARN", secret.id).put("Name", secret.attribute("name"))
                .put("SecretString", secret.attribute("value")).put("VersionId", secret.attribute("token"));
    }

    private ObjectNode deleteSecret(JsonNode request) {
        Resource secret = secret(request.path("SecretId").asText());
        boolean force = request.path("ForceDeleteWithoutRecovery").asBoolean(false);
        if (force && request.has("RecoveryWindowInDays")) {
            throw new StandInError(400, "InvalidParameterException", "You can't use ForceDeleteWithoutRecovery in "
                    + "conjunction with RecoveryWindowInDays.");
        }
        long when = System.currentTimeMillis() / 1000;
        if (force) {
            cloud.resources.remove(secret.id);
        } else {
            secret.attributes.put("deletedDate", when);
        }
        return JSON.createObjectNode().put("ARN", secret.id).put("Name", secret.attribute("name"))
                .put("DeletionDate", when + (force ? 0 : 30L * 86400));
    }

    private Resource certificate(JsonNode request) {
        Resource found = cloud.resources.get(request.path("CertificateArn").asText());
        if (found == null || !found.kind.equals("certificate")) {
            throw new StandInError(400, "ResourceNotFoundException", "Could not find certificate "
                    + request.path("CertificateArn").asText() + ".");
        }
        return found;
    }

    private ObjectNode requestCertificate(JsonNode request) {
        String domain = request.path("DomainName").asText();
        String token = request.path("IdempotencyToken").asText("");
        if (!"DNS".equals(request.path("ValidationMethod").asText())) {
            throw new StandInError(400, "InvalidParameterException", "the stand-in validates by DNS only");
        }
        if (!token.isEmpty()) {
            for (Resource existing : cloud.resources.values()) {
                if (existing.kind.equals("certificate") && token.equals(existing.attribute("token"))
                        && domain.equals(existing.attribute("domain"))) {
                    return JSON.createObjectNode().put("CertificateArn", existing.id);
                }
            }
        }
        String arn = "arn:aws:acm:us-east-1:" + AwsStandIn.ACCOUNT + ":certificate/" + UUID.randomUUID();
        Resource certificate = new Resource(arn, "certificate");
        certificate.attributes.put("domain", domain);
        certificate.attributes.put("token", token);
        certificate.attributes.put("status", "PENDING_VALIDATION");
        certificate.attributes.put("describes", 0);
        String label = Integer.toHexString(arn.hashCode());
        certificate.attributes.put("recordName", "_" + label + "." + domain + ".");
        certificate.attributes.put("recordValue", "_" + Integer.toHexString(domain.hashCode()) + label
                + ".acm-validations.aws.");
        request.path("Tags").forEach(tag -> certificate.tags.put(tag.path("Key").asText(), tag.path("Value").asText()));
        cloud.resources.put(arn, certificate);
        return JSON.createObjectNode().put("CertificateArn", arn);
    }

    /** The validation record is there from the second describe on, as ACM adds it a few seconds after the request. */
    private ObjectNode describeCertificate(Resource certificate) {
        int describes = (int) certificate.attributes.get("describes") + 1;
        certificate.attributes.put("describes", describes);
        ObjectNode detail = JSON.createObjectNode().put("CertificateArn", certificate.id)
                .put("DomainName", certificate.attribute("domain")).put("Status", certificate.attribute("status"))
                .put("Type", "AMAZON_ISSUED");
        ObjectNode validation = detail.putArray("DomainValidationOptions").addObject()
                .put("DomainName", certificate.attribute("domain")).put("ValidationMethod", "DNS")
                .put("ValidationStatus", certificate.attribute("status").equals("ISSUED") ? "SUCCESS"
                        : "PENDING_VALIDATION");
        if (describes >= 2) {
            validation.putObject("ResourceRecord").put("Name", certificate.attribute("recordName")).put("Type", "CNAME")
                    .put("Value", certificate.attribute("recordValue"));
        }
        ArrayNode inUse = detail.putArray("InUseBy");
        usedBy(certificate).forEach(inUse::add);
        ObjectNode answer = JSON.createObjectNode();
        answer.set("Certificate", detail);
        return answer;
    }

    private List<String> usedBy(Resource certificate) {
        return cloud.resources.values().stream().filter(resource -> resource.kind.equals("listener")
                && certificate.id.equals(resource.attribute("certificate"))).map(resource -> resource
                .attribute("loadBalancer")).toList();
    }

    private ObjectNode deleteCertificate(Resource certificate) {
        if (!usedBy(certificate).isEmpty()) {
            throw new StandInError(400, "ResourceInUseException", "Certificate " + certificate.id + " is in use by "
                    + usedBy(certificate));
        }
        cloud.resources.remove(certificate.id);
        return JSON.createObjectNode();
    }

    private ObjectNode getResources(JsonNode request) {
        List<Map.Entry<String, List<String>>> filters = new ArrayList<>();
        request.path("TagFilters").forEach(filter -> {
            List<String> values = new ArrayList<>();
            filter.path("Values").forEach(value -> values.add(value.asText()));
            filters.add(Map.entry(filter.path("Key").asText(), values));
        });
        ObjectNode answer = JSON.createObjectNode().put("PaginationToken", "");
        ArrayNode list = answer.putArray("ResourceTagMappingList");
        List<Resource> listed = new ArrayList<>(cloud.resources.values());
        listed.addAll(cloud.recentlyDeleted);
        for (Resource resource : listed) {
            if (resource.tags.isEmpty() || ("terminated".equals(resource.attribute("state"))
                    && !cloud.recentlyDeleted.contains(resource))) {
                continue;
            }
            boolean matches = filters.stream().allMatch(filter -> resource.tags.containsKey(filter.getKey())
                    && (filter.getValue().isEmpty() || filter.getValue().contains(resource.tags.get(filter.getKey()))));
            if (matches) {
                ObjectNode mapping = list.addObject().put("ResourceARN", arn(resource));
                ArrayNode tags = mapping.putArray("Tags");
                resource.tags.forEach((key, value) -> tags.addObject().put("Key", key).put("Value", value));
            }
        }
        return answer;
    }

    /** The resource's ARN: its id when that is one, else EC2's {@code arn:aws:ec2:REGION:ACCOUNT:TYPE/ID}. */
    static String arn(Resource resource) {
        if (resource.id.startsWith("arn:")) {
            return resource.id;
        }
        String id = resource.kind.equals("key-pair") ? resource.attribute("keyPairId") : resource.id;
        return "arn:aws:ec2:us-east-1:" + AwsStandIn.ACCOUNT + ":" + resource.kind + "/" + id;
    }
}
