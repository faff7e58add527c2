package dev.hivemind.target.aws.standin;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The EC2 calls HiveMind makes, over the stand-in's resources. */
final class Ec2Actions {
    private static final List<String> ZONES = List.of("us-east-1a", "us-east-1b", "us-east-1c");
    private final AwsStandIn cloud;
    private final Map<String, String> tokens = new LinkedHashMap<>();

    Ec2Actions(AwsStandIn cloud) {
        this.cloud = cloud;
        Resource image = cloud.create("image", "ami");
        image.attributes.put("name", "debian-12-amd64-20261101-1800");
        image.attributes.put("architecture", "x86_64");
        image.attributes.put("state", "available");
        image.attributes.put("owner", "136693071363");
        image.attributes.put("creationDate", "2026-11-01T18:00:00.000Z");
    }

    String handle(Query query) {
        String action = query.action();
        return Xml.ec2(action, switch (action) {
            case "DescribeAvailabilityZones" -> zones();
            case "CreateVpc" -> "<vpc>" + vpc(created(query, "vpc", "vpc", attributes("cidrBlock",
                    query.require("CidrBlock"), "state", "available"))) + "</vpc>";
            case "DescribeVpcs" -> set("vpcSet", find(query, "vpc", "VpcId"), this::vpc);
            case "CreateSubnet" -> "<subnet>" + subnet(created(query, "subnet", "subnet", attributes("vpcId",
                    existing(query.require("VpcId"), "vpc").id, "cidrBlock", query.require("CidrBlock"),
                    "availabilityZone", query.require("AvailabilityZone"), "mapPublicIpOnLaunch", "false"))) + "</subnet>";
            case "DescribeSubnets" -> set("subnetSet", find(query, "subnet", "SubnetId"), this::subnet);
            case "ModifySubnetAttribute" -> {
                existing(query.require("SubnetId"), "subnet").attributes.put("mapPublicIpOnLaunch",
                        query.get("MapPublicIpOnLaunch.Value").orElse("false"));
                yield ok();
            }
            case "CreateInternetGateway" -> "<internetGateway>" + gateway(created(query, "internet-gateway", "igw",
                    attributes())) + "</internetGateway>";
            case "DescribeInternetGateways" -> set("internetGatewaySet", find(query, "internet-gateway",
                    "InternetGatewayId"), this::gateway);
            case "AttachInternetGateway" -> attach(query);
            case "DetachInternetGateway" -> {
                existing(query.require("InternetGatewayId"), "internet-gateway").attributes.remove("attachedVpc");
                yield ok();
            }
            case "CreateRouteTable" -> "<routeTable>" + table(created(query, "route-table", "rtb", attributes("vpcId",
                    existing(query.require("VpcId"), "vpc").id))) + "</routeTable>";
            case "DescribeRouteTables" -> set("routeTableSet", find(query, "route-table", "RouteTableId"), this::table);
            case "CreateRoute" -> route(query);
            case "AssociateRouteTable" -> associate(query);
            case "DisassociateRouteTable" -> disassociate(query.require("AssociationId"));
            case "CreateSecurityGroup" -> "<groupId>" + created(query, "security-group", "sg", attributes("vpcId",
                    existing(query.require("VpcId"), "vpc").id, "groupName", query.require("GroupName"), "description",
                    query.require("GroupDescription"))).id + "</groupId><return>true</return>";
            case "DescribeSecurityGroups" -> set("securityGroupInfo", find(query, "security-group", "GroupId"),
                    this::group);
            case "AuthorizeSecurityGroupIngress" -> authorize(query, true);
            case "RevokeSecurityGroupIngress" -> authorize(query, false);
            case "ImportKeyPair" -> importKey(query);
            case "DescribeKeyPairs" -> set("keySet", find(query, "key-pair", "KeyName"), key -> Xml.element("keyName",
                    key.id) + Xml.element("keyPairId", key.attribute("keyPairId")) + Xml.tagSet(key.tags));
            case "DescribeImages" -> set("imagesSet", find(query, "image", "ImageId"), image -> Xml.element("imageId",
                    image.id) + Xml.element("name", image.attribute("name")) + Xml.element("imageState", "available")
                    + Xml.element("architecture", "x86_64") + Xml.element("creationDate",
                    image.attribute("creationDate")) + Xml.element("imageOwnerId", image.attribute("owner")));
            case "RunInstances" -> run(query);
            case "DescribeInstances" -> describeInstances(query);
            case "DescribeVolumes" -> set("volumeSet", find(query, "volume", "VolumeId"), volume -> Xml.element(
                    "volumeId", volume.id) + Xml.element("status", "in-use") + Xml.element("encrypted",
                    volume.attribute("encrypted")) + Xml.tagSet(volume.tags));
            case "TerminateInstances" -> terminate(query);
            case "DeleteKeyPair" -> cloud.resources.containsKey(query.require("KeyName"))
                    ? delete(query.require("KeyName"), "key-pair") : ok();
            case "DeleteSecurityGroup" -> delete(query.require("GroupId"), "security-group");
            case "DeleteRouteTable" -> delete(query.require("RouteTableId"), "route-table");
            case "DeleteInternetGateway" -> delete(query.require("InternetGatewayId"), "internet-gateway");
            case "DeleteSubnet" -> delete(query.require("SubnetId"), "subnet");
            case "DeleteVpc" -> delete(query.require("VpcId"), "vpc");
            default -> throw new StandInError(400, "InvalidAction", "the stand-in does not serve EC2 " + action);
        });
    }

    private static String ok() {
        return "<return>true</return>";
    }

    private static Map<String, Object> attributes(Object... pairs) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int n = 0; n < pairs.length; n += 2) {
            map.put((String) pairs[n], pairs[n + 1]);
        }
        return map;
    }

    private Resource created(Query query, String kind, String prefix, Map<String, Object> attributes) {
        Resource resource = cloud.create(kind, prefix);
        resource.attributes.putAll(attributes);
        tag(resource, query, ec2Type(kind));
        return resource;
    }

    private static String ec2Type(String kind) {
        return switch (kind) {
            case "internet-gateway" -> "internet-gateway";
            case "route-table" -> "route-table";
            case "security-group" -> "security-group";
            case "key-pair" -> "key-pair";
            default -> kind;
        };
    }

    private static void tag(Resource resource, Query query, String type) {
        for (Map<String, String> spec : query.structures("TagSpecification")) {
            if (!type.equals(spec.get("ResourceType"))) {
                continue;
            }
            for (int n = 1; spec.containsKey("Tag." + n + ".Key"); n++) {
                resource.tags.put(spec.get("Tag." + n + ".Key"), spec.getOrDefault("Tag." + n + ".Value", ""));
            }
        }
    }

    private Resource existing(String id, String kind) {
        Resource resource = cloud.resources.get(id);
        if (resource == null || !resource.kind.equals(kind) || "terminated".equals(resource.attribute("state"))) {
            throw new StandInError(400, notFound(kind), "The " + kind + " ID '" + id + "' does not exist");
        }
        return resource;
    }

    private static String notFound(String kind) {
        return switch (kind) {
            case "vpc" -> "InvalidVpcID.NotFound";
            case "subnet" -> "InvalidSubnetID.NotFound";
            case "internet-gateway" -> "InvalidInternetGatewayID.NotFound";
            case "route-table" -> "InvalidRouteTableID.NotFound";
            case "security-group" -> "InvalidGroup.NotFound";
            case "key-pair" -> "InvalidKeyPair.NotFound";
            case "instance" -> "InvalidInstanceID.NotFound";
            case "volume" -> "InvalidVolume.NotFound";
            default -> "InvalidID.NotFound";
        };
    }

    private List<Resource> find(Query query, String kind, String idParameter) {
        Set<String> ids = new HashSet<>(query.list(idParameter));
        for (String id : ids) {
            existing(id, kind);
        }
        return cloud.matching(kind, query.structures("Filter"), ids);
    }

    private interface Render {
        String of(Resource resource);
    }

    private static String set(String name, List<Resource> resources, Render render) {
        StringBuilder xml = new StringBuilder("<" + name + ">");
        resources.forEach(resource -> xml.append("<item>").append(render.of(resource)).append("</item>"));
        return xml.append("</").append(name).append(">").toString();
    }

    private static String zones() {
        StringBuilder xml = new StringBuilder("<availabilityZoneInfo>");
        ZONES.forEach(zone -> xml.append("<item>").append(Xml.element("zoneName", zone))
                .append(Xml.element("zoneState", "available")).append(Xml.element("regionName", "us-east-1"))
                .append("</item>"));
        return xml.append("</availabilityZoneInfo>").toString();
    }

    private String vpc(Resource vpc) {
        return Xml.element("vpcId", vpc.id) + Xml.element("cidrBlock", vpc.attribute("cidrBlock"))
                + Xml.element("state", "available") + Xml.tagSet(vpc.tags);
    }

    private String subnet(Resource subnet) {
        return Xml.element("subnetId", subnet.id) + Xml.element("vpcId", subnet.attribute("vpcId"))
                + Xml.element("cidrBlock", subnet.attribute("cidrBlock"))
                + Xml.element("availabilityZone", subnet.attribute("availabilityZone"))
                + Xml.element("mapPublicIpOnLaunch", subnet.attribute("mapPublicIpOnLaunch"))
                + Xml.element("state", "available") + Xml.tagSet(subnet.tags);
    }

    private String gateway(Resource gateway) {
        String vpc = gateway.attribute("attachedVpc");
        return Xml.element("internetGatewayId", gateway.id) + "<attachmentSet>" + (vpc == null ? ""
                : "<item>" + Xml.element("vpcId", vpc) + Xml.element("state", "available") + "</item>")
                + "</attachmentSet>" + Xml.tagSet(gateway.tags);
    }

    private String attach(Query query) {
        Resource gateway = existing(query.require("InternetGatewayId"), "internet-gateway");
        String vpc = existing(query.require("VpcId"), "vpc").id;
        if (gateway.attribute("attachedVpc") != null) {
            throw new StandInError(400, "Resource.AlreadyAssociated", "resource " + gateway.id + " is already "
                    + "attached to network " + gateway.attribute("attachedVpc"));
        }
        gateway.attributes.put("attachedVpc", vpc);
        return ok();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, String>> list(Resource resource, String name) {
        return (List<Map<String, String>>) resource.attributes.computeIfAbsent(name, key -> new ArrayList<>());
    }

    private String table(Resource table) {
        StringBuilder xml = new StringBuilder(Xml.element("routeTableId", table.id)
                + Xml.element("vpcId", table.attribute("vpcId")) + "<routeSet><item>"
                + Xml.element("destinationCidrBlock", "10.0.0.0/16") + Xml.element("gatewayId", "local")
                + "</item>");
        list(table, "routes").forEach(route -> xml.append("<item>").append(Xml.element("destinationCidrBlock",
                route.get("cidr"))).append(Xml.element("gatewayId", route.get("gateway"))).append("</item>"));
        xml.append("</routeSet><associationSet>");
        list(table, "associations").forEach(association -> xml.append("<item>")
                .append(Xml.element("routeTableAssociationId", association.get("id")))
                .append(Xml.element("routeTableId", table.id)).append(Xml.element("subnetId", association.get("subnet")))
                .append(Xml.element("main", "false")).append("</item>"));
        return xml.append("</associationSet>").append(Xml.tagSet(table.tags)).toString();
    }

    private String route(Query query) {
        Resource table = existing(query.require("RouteTableId"), "route-table");
        String cidr = query.require("DestinationCidrBlock");
        if (list(table, "routes").stream().anyMatch(route -> route.get("cidr").equals(cidr))) {
            throw new StandInError(400, "RouteAlreadyExists", "The route identified by " + cidr + " already exists.");
        }
        list(table, "routes").add(Map.of("cidr", cidr, "gateway", existing(query.require("GatewayId"),
                "internet-gateway").id));
        return ok();
    }

    private String associate(Query query) {
        Resource table = existing(query.require("RouteTableId"), "route-table");
        String subnet = existing(query.require("SubnetId"), "subnet").id;
        for (Resource other : cloud.resources.values()) {
            if (other.kind.equals("route-table") && list(other, "associations").stream()
                    .anyMatch(association -> association.get("subnet").equals(subnet))) {
                throw new StandInError(400, "Resource.AlreadyAssociated", "subnet " + subnet + " is already "
                        + "associated with " + other.id);
            }
        }
        String id = "rtbassoc-" + table.id.substring(4) + list(table, "associations").size();
        list(table, "associations").add(Map.of("id", id, "subnet", subnet));
        return "<associationId>" + id + "</associationId>";
    }

    private String disassociate(String id) {
        for (Resource table : cloud.resources.values()) {
            if (table.kind.equals("route-table") && list(table, "associations").removeIf(association ->
                    association.get("id").equals(id))) {
                return ok();
            }
        }
        throw new StandInError(400, "InvalidAssociationID.NotFound", "The association ID '" + id + "' does not exist");
    }

    private String group(Resource group) {
        StringBuilder xml = new StringBuilder(Xml.element("groupId", group.id) + Xml.element("groupName",
                group.attribute("groupName")) + Xml.element("groupDescription", group.attribute("description"))
                + Xml.element("vpcId", group.attribute("vpcId")) + Xml.element("ownerId", AwsStandIn.ACCOUNT)
                + "<ipPermissions>");
        for (Map<String, String> rule : list(group, "rules")) {
            xml.append("<item>").append(Xml.element("ipProtocol", rule.get("protocol")))
                    .append(Xml.element("fromPort", rule.get("from"))).append(Xml.element("toPort", rule.get("to")))
                    .append("<groups>").append(rule.containsKey("group") ? "<item>" + Xml.element("groupId",
                            rule.get("group")) + "</item>" : "").append("</groups><ipRanges>")
                    .append(rule.containsKey("cidr") ? "<item>" + Xml.element("cidrIp", rule.get("cidr")) + "</item>"
                            : "").append("</ipRanges></item>");
        }
        return xml.append("</ipPermissions>").append(Xml.tagSet(group.tags)).toString();
    }

    /** Each permission's ranges and groups as one rule each, as AWS keeps them. */
    private String authorize(Query query, boolean add) {
        Resource group = existing(query.require("GroupId"), "security-group");
        for (Map<String, String> permission : query.structures("IpPermissions")) {
            List<Map<String, String>> wanted = new ArrayList<>();
            for (int n = 1; permission.containsKey("IpRanges." + n + ".CidrIp"); n++) {
                wanted.add(rule(permission, "cidr", permission.get("IpRanges." + n + ".CidrIp")));
            }
            for (int n = 1; permission.containsKey("Groups." + n + ".GroupId"); n++) {
                wanted.add(rule(permission, "group", existing(permission.get("Groups." + n + ".GroupId"),
                        "security-group").id));
            }
            for (Map<String, String> rule : wanted) {
                boolean present = list(group, "rules").contains(rule);
                if (add && present) {
                    throw new StandInError(400, "InvalidPermission.Duplicate", "the specified rule already exists");
                }
                if (add) {
                    list(group, "rules").add(rule);
                } else if (!list(group, "rules").remove(rule)) {
                    throw new StandInError(400, "InvalidPermission.NotFound", "the specified rule does not exist");
                }
            }
        }
        return ok();
    }

    private static Map<String, String> rule(Map<String, String> permission, String kind, String source) {
        return Map.of("protocol", permission.getOrDefault("IpProtocol", "tcp"), "from",
                permission.getOrDefault("FromPort", "-1"), "to", permission.getOrDefault("ToPort", "-1"), kind, source);
    }

    private String importKey(Query query) {
        String name = query.require("KeyName");
        if (cloud.resources.containsKey(name)) {
            throw new StandInError(400, "InvalidKeyPair.Duplicate", "The keypair already exists");
        }
        Resource key = new Resource(name, "key-pair");
        cloud.resources.put(name, key);
        key.attributes.put("keyPairId", "key-" + Integer.toHexString(name.hashCode()));
        key.attributes.put("material", new String(java.util.Base64.getDecoder().decode(query.require(
                "PublicKeyMaterial")), java.nio.charset.StandardCharsets.UTF_8));
        tag(key, query, "key-pair");
        return Xml.element("keyName", name) + Xml.element("keyFingerprint", "stand-in")
                + Xml.element("keyPairId", key.attribute("keyPairId"));
    }

    private String run(Query query) {
        String token = query.get("ClientToken").orElse("");
        if (!token.isEmpty() && tokens.containsKey(token)) {
            return reservation(cloud.resources.get(tokens.get(token)));
        }
        Resource subnet = existing(query.require("SubnetId"), "subnet");
        Resource key = existing(query.require("KeyName"), "key-pair");
        existing(query.require("ImageId"), "image");
        List<String> groups = query.list("SecurityGroupId");
        groups.forEach(group -> existing(group, "security-group"));
        Resource instance = created(query, "instance", "i", attributes("state", "pending", "subnetId", subnet.id,
                "vpcId", subnet.attribute("vpcId"), "instanceType", query.require("InstanceType"), "keyName", key.id,
                "groups", String.join(",", groups), "httpTokens", query.get("MetadataOptions.HttpTokens")
                        .orElse("optional")));
        instance.attributes.put("ipAddress", cloud.nextAddress(key.attribute("material")));
        Resource volume = cloud.create("volume", "vol");
        volume.attributes.put("encrypted", query.get("BlockDeviceMapping.1.Ebs.Encrypted").orElse("false"));
        volume.attributes.put("instance", instance.id);
        tag(volume, query, "volume");
        instance.attributes.put("volume", volume.id);
        if (!token.isEmpty()) {
            tokens.put(token, instance.id);
        }
        return reservation(instance);
    }

    private static String reservation(Resource instance) {
        return Xml.element("reservationId", "r-" + instance.id.substring(2)) + Xml.element("ownerId",
                AwsStandIn.ACCOUNT) + "<instancesSet><item>" + instance(instance) + "</item></instancesSet>";
    }

    private static String instance(Resource instance) {
        String state = instance.attribute("state");
        return Xml.element("instanceId", instance.id) + Xml.element("imageId", "ami") + "<instanceState>"
                + Xml.element("code", switch (state) {
                    case "pending" -> 0;
                    case "running" -> 16;
                    case "shutting-down" -> 32;
                    default -> 48;
                }) + Xml.element("name", state) + "</instanceState>"
                + Xml.element("instanceType", instance.attribute("instanceType"))
                + Xml.element("subnetId", instance.attribute("subnetId")) + Xml.element("vpcId",
                instance.attribute("vpcId")) + "<metadataOptions>" + Xml.element("httpTokens",
                instance.attribute("httpTokens")) + "</metadataOptions>" + ("running".equals(state) ? Xml.element("ipAddress",
                instance.attribute("ipAddress")) : "") + Xml.tagSet(instance.tags);
    }

    /** Describing moves each instance one step on (pending to running, shutting-down to terminated), as AWS does. */
    private String describeInstances(Query query) {
        List<Resource> instances = new ArrayList<>();
        Set<String> ids = new HashSet<>(query.list("InstanceId"));
        for (Resource resource : cloud.resources.values()) {
            if (resource.kind.equals("instance") && (ids.isEmpty() || ids.contains(resource.id))) {
                instances.add(resource);
            }
        }
        for (Resource instance : instances) {
            switch (instance.attribute("state")) {
                case "pending" -> instance.attributes.put("state", "running");
                case "shutting-down" -> instance.attributes.put("state", "terminated");
                default -> { }
            }
        }
        Set<String> matching = new HashSet<>();
        cloud.matching("instance", query.structures("Filter"), ids).forEach(found -> matching.add(found.id));
        StringBuilder xml = new StringBuilder("<reservationSet>");
        instances.stream().filter(instance -> matching.contains(instance.id)).forEach(instance -> xml.append(
                "<item>").append(reservation(instance)).append("</item>"));
        return xml.append("</reservationSet>").toString();
    }

    private String terminate(Query query) {
        StringBuilder xml = new StringBuilder("<instancesSet>");
        for (String id : query.list("InstanceId")) {
            Resource instance = cloud.resources.get(id);
            if (instance == null || !instance.kind.equals("instance")) {
                throw new StandInError(400, "InvalidInstanceID.NotFound", "The instance ID '" + id + "' does not "
                        + "exist");
            }
            if (!"terminated".equals(instance.attribute("state"))) {
                instance.attributes.put("state", "shutting-down");
                cloud.resources.remove(instance.attribute("volume"));
            }
            xml.append("<item>").append(Xml.element("instanceId", id)).append("<currentState>")
                    .append(Xml.element("code", 32)).append(Xml.element("name", instance.attribute("state")))
                    .append("</currentState></item>");
        }
        return xml.append("</instancesSet>").toString();
    }

    /** Deletes what nothing uses any more; else {@code DependencyViolation}, as AWS answers. */
    private String delete(String id, String kind) {
        Resource resource = existing(id, kind);
        List<String> users = new ArrayList<>();
        for (Resource other : cloud.resources.values()) {
            if (other == resource || "terminated".equals(other.attribute("state"))) {
                continue;
            }
            if (id.equals(other.attribute("vpcId")) || id.equals(other.attribute("attachedVpc"))
                    || id.equals(other.attribute("subnetId"))
                    || String.valueOf(other.attribute("groups")).contains(id)
                    || (other.kind.equals("security-group") && list(other, "rules").stream()
                    .anyMatch(rule -> id.equals(rule.get("group"))))
                    || (other.kind.equals("route-table") && list(other, "associations").stream()
                    .anyMatch(association -> id.equals(association.get("subnet"))))
                    || String.valueOf(other.attributes.get("subnets")).contains(id)
                    || String.valueOf(other.attributes.get("securityGroups")).contains(id)) {
                users.add(other.id);
            }
        }
        if (kind.equals("route-table") && !list(resource, "associations").isEmpty()) {
            users.add("its subnet associations");
        }
        if (kind.equals("internet-gateway") && resource.attribute("attachedVpc") != null) {
            users.add(resource.attribute("attachedVpc"));
        }
        if (!users.isEmpty() && !kind.equals("key-pair")) {
            throw new StandInError(400, "DependencyViolation", "resource " + id + " has a dependent object: " + users);
        }
        cloud.resources.remove(id);
        return ok();
    }
}
