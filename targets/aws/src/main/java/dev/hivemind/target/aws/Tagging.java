package dev.hivemind.target.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.resourcegroupstaggingapi.ResourceGroupsTaggingApiClient;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.GetResourcesResponse;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.ResourceTagMapping;
import software.amazon.awssdk.services.resourcegroupstaggingapi.model.TagFilter;

/**
 * The Resource Groups Tagging API's view of the app: every resource of the region tagged {@code hivemind:app=APP},
 * whatever its service, as ARNs; and, for the leak check's report, what each leftover is and the command that removes
 * it.
 */
final class Tagging {
    private Tagging() {
    }

    /** The ARNs of everything tagged with the app, all pages. */
    static List<String> arns(ResourceGroupsTaggingApiClient tagging, String app) {
        List<String> arns = new ArrayList<>();
        String token = "";
        do {
            String page = token;
            GetResourcesResponse response = tagging.getResources(request -> request.tagFilters(TagFilter.builder()
                    .key(Tags.APP).values(app).build()).paginationToken(page));
            response.resourceTagMappingList().stream().map(ResourceTagMapping::resourceARN).forEach(arns::add);
            token = response.paginationToken();
        } while (token != null && !token.isEmpty());
        return arns;
    }

    /** HiveMind's kind for an ARN the tagging API returned ({@code arn:aws:ec2:R:A:vpc/vpc-1} is a vpc). */
    static String kind(String arn) {
        String[] parts = arn.split(":", 6);
        String service = parts.length > 2 ? parts[2] : "";
        String resource = parts.length > 5 ? parts[5] : "";
        String type = resource.split("[/:]", 2)[0];
        return switch (service + ":" + type) {
            case "ec2:vpc" -> "vpc";
            case "ec2:subnet" -> "subnet";
            case "ec2:internet-gateway" -> "internet-gateway";
            case "ec2:route-table" -> "route-table";
            case "ec2:security-group" -> "security-group";
            case "ec2:key-pair" -> "key-pair";
            case "ec2:instance" -> "instance";
            case "ec2:volume" -> "volume";
            case "elasticloadbalancing:loadbalancer" -> "load-balancer";
            case "elasticloadbalancing:targetgroup" -> "target-group";
            case "elasticloadbalancing:listener" -> "listener";
            case "rds:db" -> "db-instance";
            case "rds:subgrp" -> "db-subnet-group";
            case "secretsmanager:secret" -> "secret";
            case "acm:certificate" -> "certificate";
            default -> service + "-" + type;
        };
    }

    /** How to remove a leftover line ({@code KIND ID}) by hand. */
    static String removal(String line) {
        String kind = line.substring(0, line.indexOf(' '));
        String id = line.substring(line.indexOf(' ') + 1);
        String shortId = id.contains("/") ? id.substring(id.lastIndexOf('/') + 1) : id;
        return switch (kind) {
            case "vpc" -> "aws ec2 delete-vpc --vpc-id " + shortId;
            case "subnet" -> "aws ec2 delete-subnet --subnet-id " + shortId;
            case "internet-gateway" -> "aws ec2 detach-internet-gateway, then aws ec2 delete-internet-gateway "
                    + "--internet-gateway-id " + shortId;
            case "route-table" -> "aws ec2 disassociate-route-table, then aws ec2 delete-route-table "
                    + "--route-table-id " + shortId;
            case "security-group" -> "aws ec2 delete-security-group --group-id " + shortId;
            case "key-pair" -> "aws ec2 delete-key-pair --key-name " + shortId;
            case "instance" -> "aws ec2 terminate-instances --instance-ids " + shortId;
            case "volume" -> "aws ec2 delete-volume --volume-id " + shortId;
            case "load-balancer" -> "aws elbv2 delete-load-balancer --load-balancer-arn " + id;
            case "target-group" -> "aws elbv2 delete-target-group --target-group-arn " + id;
            case "db-instance" -> "aws rds delete-db-instance --db-instance-identifier " + id.substring(id
                    .lastIndexOf(':') + 1) + " --final-db-snapshot-identifier NAME (or --skip-final-snapshot)";
            case "db-subnet-group" -> "aws rds delete-db-subnet-group --db-subnet-group-name " + id.substring(id
                    .lastIndexOf(':') + 1);
            case "secret" -> "aws secretsmanager delete-secret --force-delete-without-recovery --secret-id " + id;
            case "certificate" -> "aws acm delete-certificate --certificate-arn " + id;
            default -> "delete it in the AWS console: Resource Groups & Tag Editor, tag " + Tags.APP;
        };
    }
}
