package dev.hivemind.target.aws.standin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The RDS calls HiveMind makes (the Query protocol, XML answers). AWS's rules kept: identifiers unique
 * ({@code DBInstanceAlreadyExists}, {@code DBSubnetGroupAlreadyExists}); a DB subnet group covers two zones, its
 * subnets exist; the instance's security groups and subnet group exist, its master password is 8 to 128 characters
 * without {@code / @ "} or spaces; an instance is {@code creating}, then {@code backing-up}, then {@code available},
 * and {@code deleting} before it is gone; a delete names a final snapshot or skips it
 * ({@code InvalidParameterCombination}), and the snapshot stays; a subnet group in use cannot be deleted
 * ({@code InvalidDBSubnetGroupStateFault}); while the instance lives its security groups, subnets and VPC cannot be
 * deleted ({@code DependencyViolation}, from EC2).
 */
final class RdsActions {
    static final String NAMESPACE = "http://rds.amazonaws.com/doc/2014-10-31/";
    private static final Pattern FORBIDDEN = Pattern.compile("[/@\" ]");
    private final AwsStandIn cloud;

    RdsActions(AwsStandIn cloud) {
        this.cloud = cloud;
    }

    String handle(Query query) {
        String action = query.action();
        return Xml.query(action, NAMESPACE, switch (action) {
            case "CreateDBSubnetGroup" -> subnetGroup(createSubnetGroup(query));
            case "DescribeDBSubnetGroups" -> "<DBSubnetGroups>" + String.join("", query.get("DBSubnetGroupName")
                    .map(name -> List.of(subnetGroupNamed(name))).orElseGet(() -> all("db-subnet-group")).stream()
                    .map(this::subnetGroup).toList()) + "</DBSubnetGroups>";
            case "DeleteDBSubnetGroup" -> deleteSubnetGroup(query.require("DBSubnetGroupName"));
            case "CreateDBInstance" -> instance(createInstance(query));
            case "DescribeDBInstances" -> "<DBInstances>" + String.join("", query.get("DBInstanceIdentifier")
                    .map(name -> List.of(advance(instanceNamed(name)))).orElseGet(() -> all("db-instance").stream()
                            .map(this::advance).toList()).stream().filter(found -> cloud.resources
                            .containsKey(found.id))
                    .map(this::instance).toList()) + "</DBInstances>";
            case "DeleteDBInstance" -> instance(deleteInstance(query));
            default -> throw new StandInError(400, "InvalidAction", "the stand-in does not serve RDS " + action);
        });
    }

    /** {@code prefix.ANYTHING.N} (RDS names its list members: {@code SubnetIds.SubnetIdentifier.1}). */
    static List<String> members(Query query, String prefix) {
        Map<Integer, String> found = new TreeMap<>();
        Pattern pattern = Pattern.compile(Pattern.quote(prefix) + "\\.(?:[A-Za-z]+\\.)?(\\d+)");
        query.params().forEach((key, value) -> {
            Matcher matcher = pattern.matcher(key);
            if (matcher.matches()) {
                found.put(Integer.parseInt(matcher.group(1)), value);
            }
        });
        return new ArrayList<>(found.values());
    }

    /** {@code Tags.Tag.N.Key} and {@code .Value}. */
    static Map<String, String> tags(Query query) {
        Map<String, String> tags = new TreeMap<>();
        Pattern pattern = Pattern.compile("Tags\\.(?:[A-Za-z]+\\.)?(\\d+)\\.Key");
        query.params().forEach((key, value) -> {
            Matcher matcher = pattern.matcher(key);
            if (matcher.matches()) {
                String prefix = key.substring(0, key.length() - "Key".length());
                tags.put(value, query.params().getOrDefault(prefix + "Value", ""));
            }
        });
        return tags;
    }

    private List<Resource> all(String kind) {
        return cloud.resources.values().stream().filter(resource -> resource.kind.equals(kind)).toList();
    }

    static String arn(String type, String name) {
        return "arn:aws:rds:us-east-1:" + AwsStandIn.ACCOUNT + ":" + type + ":" + name;
    }

    private Resource subnetGroupNamed(String name) {
        Resource group = cloud.resources.get(arn("subgrp", name));
        if (group == null) {
            throw new StandInError(404, "DBSubnetGroupNotFoundFault", "DB subnet group '" + name + "' not found.");
        }
        return group;
    }

    private Resource instanceNamed(String identifier) {
        Resource instance = cloud.resources.get(arn("db", identifier));
        if (instance == null) {
            throw new StandInError(404, "DBInstanceNotFound", "DBInstance " + identifier + " not found.");
        }
        return instance;
    }

    private Resource createSubnetGroup(Query query) {
        String name = query.require("DBSubnetGroupName");
        if (cloud.resources.containsKey(arn("subgrp", name))) {
            throw new StandInError(400, "DBSubnetGroupAlreadyExists", "The DB subnet group '" + name + "' already "
                    + "exists.");
        }
        List<String> subnets = members(query, "SubnetIds");
        Set<String> zones = new java.util.TreeSet<>();
        String vpc = null;
        for (String id : subnets) {
            Resource subnet = cloud.resources.get(id);
            if (subnet == null || !subnet.kind.equals("subnet")) {
                throw new StandInError(400, "InvalidSubnet", "Subnet " + id + " does not exist.");
            }
            zones.add(subnet.attribute("availabilityZone"));
            vpc = subnet.attribute("vpcId");
        }
        if (zones.size() < 2) {
            throw new StandInError(400, "DBSubnetGroupDoesNotCoverEnoughAZs", "The DB subnet group doesn't meet "
                    + "Availability Zone (AZ) coverage requirement. Current AZ coverage: " + zones + ". Add subnets "
                    + "to cover at least 2 AZs.");
        }
        Resource group = new Resource(arn("subgrp", name), "db-subnet-group");
        group.attributes.put("name", name);
        group.attributes.put("description", query.require("DBSubnetGroupDescription"));
        group.attributes.put("dbSubnets", subnets);
        group.attributes.put("dbVpc", vpc);
        group.tags.putAll(tags(query));
        cloud.resources.put(group.id, group);
        return group;
    }

    private String deleteSubnetGroup(String name) {
        Resource group = subnetGroupNamed(name);
        boolean used = all("db-instance").stream().anyMatch(instance -> name.equals(instance.attribute("subnetGroup")));
        if (used) {
            throw new StandInError(400, "InvalidDBSubnetGroupStateFault", "Cannot delete the subnet group '" + name
                    + "' because at least one database instance: is still using it.");
        }
        cloud.resources.remove(group.id);
        return "";
    }

    @SuppressWarnings("unchecked")
    private Resource createInstance(Query query) {
        String identifier = query.require("DBInstanceIdentifier");
        if (cloud.resources.containsKey(arn("db", identifier))) {
            throw new StandInError(400, "DBInstanceAlreadyExists", "DB instance already exists");
        }
        if (!"postgres".equals(query.require("Engine"))) {
            throw new StandInError(400, "InvalidParameterValue", "the stand-in runs only the postgres engine");
        }
        String password = query.require("MasterUserPassword");
        if (password.length() < 8 || password.length() > 128 || FORBIDDEN.matcher(password).find()) {
            throw new StandInError(400, "InvalidParameterValue", "The parameter MasterUserPassword is not a valid "
                    + "password. Only printable ASCII characters besides '/', '@', '\"', ' ' may be used.");
        }
        Resource group = subnetGroupNamed(query.require("DBSubnetGroupName"));
        List<String> securityGroups = members(query, "VpcSecurityGroupIds");
        for (String id : securityGroups) {
            Resource securityGroup = cloud.resources.get(id);
            if (securityGroup == null || !securityGroup.kind.equals("security-group")
                    || !securityGroup.attribute("vpcId").equals(group.attribute("dbVpc"))) {
                throw new StandInError(400, "InvalidParameterValue", "Invalid security group " + id + " for the "
                        + "subnet group's VPC");
            }
        }
        Resource instance = new Resource(arn("db", identifier), "db-instance");
        instance.attributes.put("identifier", identifier);
        instance.attributes.put("status", "creating");
        instance.attributes.put("describes", 0);
        instance.attributes.put("class", query.require("DBInstanceClass"));
        instance.attributes.put("storage", query.require("AllocatedStorage"));
        instance.attributes.put("dbName", query.get("DBName").orElse("postgres"));
        instance.attributes.put("user", query.require("MasterUsername"));
        instance.attributes.put("password", password);
        instance.attributes.put("encrypted", query.get("StorageEncrypted").orElse("false"));
        instance.attributes.put("public", query.get("PubliclyAccessible").orElse("true"));
        instance.attributes.put("backupDays", query.get("BackupRetentionPeriod").orElse("1"));
        instance.attributes.put("copyTags", query.get("CopyTagsToSnapshot").orElse("false"));
        instance.attributes.put("subnetGroup", group.attribute("name"));
        // the instance's network interface lives in the group's subnets: EC2 refuses to delete them, its groups
        // and its VPC while it lives
        instance.attributes.put("subnets", group.attributes.get("dbSubnets"));
        instance.attributes.put("securityGroups", securityGroups);
        instance.attributes.put("vpcId", group.attribute("dbVpc"));
        instance.tags.putAll(tags(query));
        cloud.resources.put(instance.id, instance);
        return instance;
    }

    private Resource deleteInstance(Query query) {
        Resource instance = instanceNamed(query.require("DBInstanceIdentifier"));
        if (!"available".equals(instance.attribute("status"))) {
            throw new StandInError(400, "InvalidDBInstanceState", "Instance " + instance.attribute("identifier")
                    + " is not in available state (" + instance.attribute("status") + ")");
        }
        boolean skip = "true".equals(query.get("SkipFinalSnapshot").orElse("false"));
        var snapshot = query.get("FinalDBSnapshotIdentifier");
        if (skip == snapshot.isPresent()) {
            throw new StandInError(400, "InvalidParameterCombination", skip ? "Cannot specify a final snapshot "
                    + "identifier when SkipFinalSnapshot is true" : "FinalDBSnapshotIdentifier is required unless "
                    + "SkipFinalSnapshot is specified.");
        }
        snapshot.ifPresent(name -> {
            Resource taken = new Resource(arn("snapshot", name), "db-snapshot");
            taken.attributes.put("of", instance.attribute("identifier"));
            if ("true".equals(instance.attribute("copyTags"))) {
                taken.tags.putAll(instance.tags);
            }
            cloud.resources.put(taken.id, taken);
        });
        instance.attributes.put("status", "deleting");
        instance.attributes.put("describes", 0);
        return instance;
    }

    /** An instance moves on one step each time it is described, as RDS's take their minutes. */
    private Resource advance(Resource instance) {
        int describes = (int) instance.attributes.get("describes") + 1;
        instance.attributes.put("describes", describes);
        String status = instance.attribute("status");
        if (status.equals("creating") && describes >= 2) {
            instance.attributes.put("status", "backing-up");
        } else if (status.equals("backing-up")) {
            instance.attributes.put("status", "available");
        } else if (status.equals("deleting") && describes >= 2) {
            cloud.resources.remove(instance.id);
        }
        return instance;
    }

    private String subnetGroup(Resource group) {
        StringBuilder xml = new StringBuilder("<DBSubnetGroup>");
        xml.append(Xml.element("DBSubnetGroupName", group.attribute("name")))
                .append(Xml.element("DBSubnetGroupDescription", group.attribute("description")))
                .append(Xml.element("VpcId", group.attribute("dbVpc")))
                .append(Xml.element("SubnetGroupStatus", "Complete")).append("<Subnets>");
        for (Object subnet : (List<?>) group.attributes.get("dbSubnets")) {
            xml.append("<Subnet>").append(Xml.element("SubnetIdentifier", subnet))
                    .append(Xml.element("SubnetStatus", "Active")).append("</Subnet>");
        }
        return xml.append("</Subnets>").append(Xml.element("DBSubnetGroupArn", group.id)).append("</DBSubnetGroup>")
                .toString();
    }

    private String instance(Resource instance) {
        StringBuilder xml = new StringBuilder("<DBInstance>");
        xml.append(Xml.element("DBInstanceIdentifier", instance.attribute("identifier")))
                .append(Xml.element("DBInstanceClass", instance.attribute("class")))
                .append(Xml.element("Engine", "postgres")).append(Xml.element("EngineVersion", "16.4"))
                .append(Xml.element("DBInstanceStatus", instance.attribute("status")))
                .append(Xml.element("MasterUsername", instance.attribute("user")))
                .append(Xml.element("DBName", instance.attribute("dbName")))
                .append(Xml.element("AllocatedStorage", instance.attribute("storage")))
                .append(Xml.element("StorageEncrypted", instance.attribute("encrypted")))
                .append(Xml.element("PubliclyAccessible", instance.attribute("public")))
                .append(Xml.element("BackupRetentionPeriod", instance.attribute("backupDays")))
                .append(Xml.element("DBInstanceArn", instance.id));
        if ("available".equals(instance.attribute("status"))) {
            xml.append("<Endpoint>").append(Xml.element("Address", instance.attribute("identifier")
                    + ".c0standin.us-east-1.rds.amazonaws.com")).append(Xml.element("Port", 5432)).append("</Endpoint>");
        }
        xml.append("<VpcSecurityGroups>");
        for (Object group : (List<?>) instance.attributes.get("securityGroups")) {
            xml.append("<VpcSecurityGroupMembership>").append(Xml.element("VpcSecurityGroupId", group))
                    .append(Xml.element("Status", "active")).append("</VpcSecurityGroupMembership>");
        }
        xml.append("</VpcSecurityGroups><TagList>");
        instance.tags.forEach((key, value) -> xml.append("<Tag>").append(Xml.element("Key", key))
                .append(Xml.element("Value", value)).append("</Tag>"));
        return xml.append("</TagList></DBInstance>").toString();
    }
}
