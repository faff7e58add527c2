package dev.hivemind.target.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AvailabilityZone;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RouteTable;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * The app's network: the VPC, two public and two private subnets in two zones, the internet gateway, the route
 * tables and the security groups. Every step is idempotent: what exists (in the ledger or by its tags) is kept, an
 * attachment, route, association or rule that is already there is not made twice.
 */
final class Network {
    private final Ec2Client ec2;
    private final Recorder recorder;
    private final Tags tags;

    Network(Ec2Client ec2, Recorder recorder, Tags tags) {
        this.ec2 = ec2;
        this.recorder = recorder;
        this.tags = tags;
    }

    /** The ids of the network's parts. */
    record Ids(String vpc, List<String> publicSubnets, List<String> privateSubnets, String lbGroup, String appGroup,
               String sshGroup, Optional<String> dbGroup) { }

    Ids provision(AwsPlan plan) {
        String vpc = recorder.ensure("vpc", "main", () -> find("vpc", "main"),
                () -> ec2.createVpc(request -> request.cidrBlock(AwsPlan.VPC_CIDR)
                        .tagSpecifications(tags.spec(ResourceType.VPC, "main"))).vpc().vpcId());
        List<String> zones = zones();
        List<String> publicSubnets = new ArrayList<>();
        List<String> privateSubnets = new ArrayList<>();
        for (int zone = 0; zone < 2; zone++) {
            publicSubnets.add(subnet(vpc, "public-" + zone, AwsPlan.PUBLIC_CIDRS.get(zone), zones.get(zone)));
            privateSubnets.add(subnet(vpc, "private-" + zone, AwsPlan.PRIVATE_CIDRS.get(zone), zones.get(zone)));
        }
        for (String subnet : publicSubnets) {
            ec2.modifySubnetAttribute(request -> request.subnetId(subnet).mapPublicIpOnLaunch(value -> value.value(true)));
        }
        String gateway = recorder.ensure("internet-gateway", "main", () -> find("internet-gateway", "main"),
                () -> ec2.createInternetGateway(request -> request.tagSpecifications(
                        tags.spec(ResourceType.INTERNET_GATEWAY, "main"))).internetGateway().internetGatewayId());
        attach(gateway, vpc);
        String publicRoutes = routeTable(vpc, "public");
        route(publicRoutes, gateway);
        publicSubnets.forEach(subnet -> associate(publicRoutes, subnet));
        String privateRoutes = routeTable(vpc, "private");
        privateSubnets.forEach(subnet -> associate(privateRoutes, subnet));
        return groups(plan, vpc, publicSubnets, privateSubnets);
    }

    private Ids groups(AwsPlan plan, String vpc, List<String> publicSubnets, List<String> privateSubnets) {
        String lb = group(vpc, "lb", "HiveMind " + plan.app() + ": the load balancer, 80 and 443 from anywhere");
        allow(lb, 80, Optional.of("0.0.0.0/0"), Optional.empty());
        allow(lb, 443, Optional.of("0.0.0.0/0"), Optional.empty());
        String app = group(vpc, "app", "HiveMind " + plan.app() + ": the app port from the load balancer only");
        allow(app, plan.appPort(), Optional.empty(), Optional.of(lb));
        String ssh = group(vpc, "ssh", "HiveMind " + plan.app() + ": SSH from " + plan.adminCidr() + " only");
        allow(ssh, 22, Optional.of(plan.adminCidr()), Optional.empty());
        Optional<String> db = Optional.empty();
        if (plan.database()) {
            String database = group(vpc, "db", "HiveMind " + plan.app() + ": PostgreSQL from the app only");
            allow(database, 5432, Optional.empty(), Optional.of(app));
            db = Optional.of(database);
        }
        return new Ids(vpc, publicSubnets, privateSubnets, lb, app, ssh, db);
    }

    private List<String> zones() {
        List<String> zones = ec2.describeAvailabilityZones(request -> request.filters(Filter.builder()
                .name("state").values("available").build())).availabilityZones().stream()
                .map(AvailabilityZone::zoneName).sorted().toList();
        if (zones.size() < 2) {
            throw new dev.hivemind.api.error.InfrastructureException(dev.hivemind.api.error.Agent.PROVISIONER,
                    "the region has " + zones.size() + " available zone(s) and HiveMind's layout needs two",
                    "Choosing the availability zones", "Choose a region with at least two zones (--region)");
        }
        return zones.subList(0, 2);
    }

    private String subnet(String vpc, String role, String cidr, String zone) {
        return recorder.ensure("subnet", role, () -> find("subnet", role), () -> ec2.createSubnet(request -> request
                .vpcId(vpc).cidrBlock(cidr).availabilityZone(zone).tagSpecifications(tags.spec(ResourceType.SUBNET,
                        role))).subnet().subnetId());
    }

    private void attach(String gateway, String vpc) {
        boolean attached = ec2.describeInternetGateways(request -> request.internetGatewayIds(gateway))
                .internetGateways().stream().flatMap(found -> found.attachments().stream())
                .anyMatch(attachment -> vpc.equals(attachment.vpcId()));
        if (!attached) {
            ec2.attachInternetGateway(request -> request.internetGatewayId(gateway).vpcId(vpc));
        }
    }

    private String routeTable(String vpc, String role) {
        return recorder.ensure("route-table", role, () -> find("route-table", role), () -> ec2.createRouteTable(
                request -> request.vpcId(vpc).tagSpecifications(tags.spec(ResourceType.ROUTE_TABLE, role)))
                .routeTable().routeTableId());
    }

    private void route(String table, String gateway) {
        boolean present = describeTable(table).routes().stream()
                .anyMatch(route -> "0.0.0.0/0".equals(route.destinationCidrBlock()) && gateway.equals(route.gatewayId()));
        if (!present) {
            ec2.createRoute(request -> request.routeTableId(table).destinationCidrBlock("0.0.0.0/0")
                    .gatewayId(gateway));
        }
    }

    private void associate(String table, String subnet) {
        boolean present = describeTable(table).associations().stream()
                .anyMatch(association -> subnet.equals(association.subnetId()));
        if (!present) {
            ec2.associateRouteTable(request -> request.routeTableId(table).subnetId(subnet));
        }
    }

    private RouteTable describeTable(String table) {
        return ec2.describeRouteTables(request -> request.routeTableIds(table)).routeTables().get(0);
    }

    private String group(String vpc, String role, String description) {
        return recorder.ensure("security-group", role, () -> find("security-group", role),
                () -> ec2.createSecurityGroup(request -> request.vpcId(vpc).groupName("hivemind-" + tags.app() + "-"
                        + role).description(description).tagSpecifications(tags.spec(ResourceType.SECURITY_GROUP,
                        role))).groupId());
    }

    /** Allows TCP {@code port} from a CIDR or from another group, unless the group already allows it. */
    private void allow(String group, int port, Optional<String> cidr, Optional<String> fromGroup) {
        IpPermission wanted = IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(cidr.map(range -> List.of(software.amazon.awssdk.services.ec2.model.IpRange.builder()
                        .cidrIp(range).build())).orElse(List.of()))
                .userIdGroupPairs(fromGroup.map(source -> List.of(UserIdGroupPair.builder().groupId(source).build()))
                        .orElse(List.of())).build();
        boolean present = ec2.describeSecurityGroups(request -> request.groupIds(group)).securityGroups().get(0)
                .ipPermissions().stream().anyMatch(rule -> port == rule.fromPort() && "tcp".equals(rule.ipProtocol())
                        && (cidr.isEmpty() || rule.ipRanges().stream().anyMatch(range -> range.cidrIp().equals(cidr.get())))
                        && (fromGroup.isEmpty() || rule.userIdGroupPairs().stream()
                        .anyMatch(pair -> pair.groupId().equals(fromGroup.get()))));
        if (present) {
            return;
        }
        try {
            ec2.authorizeSecurityGroupIngress(request -> request.groupId(group).ipPermissions(wanted));
        } catch (AwsServiceException e) {
            if (!"InvalidPermission.Duplicate".equals(e.awsErrorDetails().errorCode())) {
                throw e;
            }
        }
    }

    /** The app's resource of {@code kind} and {@code role}, found by its tags. */
    Optional<String> find(String kind, String role) {
        return Ec2Inventory.find(ec2, kind, Tags.filters(tags.app(), role)).stream().findFirst();
    }
}
