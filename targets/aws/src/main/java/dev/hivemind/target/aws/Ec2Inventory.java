package dev.hivemind.target.aws;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;

/** The app's EC2 resources of one kind, found by their tags (a terminated instance no longer counts). */
final class Ec2Inventory {
    static final List<String> KINDS = List.of("instance", "key-pair", "security-group", "route-table",
            "internet-gateway", "subnet", "vpc");

    private Ec2Inventory() {
    }

    static List<String> find(Ec2Client ec2, String kind, List<Filter> filters) {
        return switch (kind) {
            case "vpc" -> ec2.describeVpcs(request -> request.filters(filters)).vpcs().stream()
                    .map(vpc -> vpc.vpcId()).toList();
            case "subnet" -> ec2.describeSubnets(request -> request.filters(filters)).subnets().stream()
                    .map(subnet -> subnet.subnetId()).toList();
            case "internet-gateway" -> ec2.describeInternetGateways(request -> request.filters(filters))
                    .internetGateways().stream().map(gateway -> gateway.internetGatewayId()).toList();
            case "route-table" -> ec2.describeRouteTables(request -> request.filters(filters)).routeTables().stream()
                    .map(table -> table.routeTableId()).toList();
            case "security-group" -> ec2.describeSecurityGroups(request -> request.filters(filters)).securityGroups()
                    .stream().map(group -> group.groupId()).toList();
            case "key-pair" -> ec2.describeKeyPairs(request -> request.filters(filters)).keyPairs().stream()
                    .map(pair -> pair.keyName()).toList();
            case "instance" -> liveInstances(ec2, filters).stream().map(Instance::instanceId).toList();
            default -> throw new IllegalArgumentException("not an EC2 kind HiveMind makes: " + kind);
        };
    }

    /** The instances matching {@code filters} that are not terminated (or being terminated). */
    static List<Instance> liveInstances(Ec2Client ec2, List<Filter> filters) {
        List<Filter> live = new ArrayList<>(filters);
        live.add(Filter.builder().name("instance-state-name").values(InstanceStateName.PENDING.toString(),
                InstanceStateName.RUNNING.toString(), InstanceStateName.STOPPING.toString(),
                InstanceStateName.STOPPED.toString()).build());
        return ec2.describeInstances(request -> request.filters(live)).reservations().stream()
                .flatMap(reservation -> reservation.instances().stream()).toList();
    }
}
