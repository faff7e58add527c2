package dev.hivemind.target.aws;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InfrastructureException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.BlockDeviceMapping;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.HttpTokensState;
import software.amazon.awssdk.services.ec2.model.Image;
import software.amazon.awssdk.services.ec2.model.Instance;
import software.amazon.awssdk.services.ec2.model.InstanceStateName;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.VolumeType;

/**
 * The app's key pair and instances: the newest Debian 12 image, IMDSv2 required, an encrypted gp3 root volume, one
 * instance per role in alternating public subnets. RunInstances carries a client token made of the app, the role and
 * the VPC, so that a call repeated after a kill returns the same instance instead of a second one.
 */
final class Compute {
    /** Debian's own account, which publishes the official Debian images. */
    static final String DEBIAN_OWNER = "136693071363";
    static final String IMAGE_NAME = "debian-12-amd64-*";
    /** The login of Debian's images. */
    static final String LOGIN = "admin";
    private static final Duration POLL = Duration.ofSeconds(2);
    private static final Duration RUNNING_DEADLINE = Duration.ofMinutes(5);

    private final Ec2Client ec2;
    private final Recorder recorder;
    private final Tags tags;

    Compute(Ec2Client ec2, Recorder recorder, Tags tags) {
        this.ec2 = ec2;
        this.recorder = recorder;
        this.tags = tags;
    }

    /** A running instance: its role, id and the address HiveMind reaches it at over SSH. */
    record Running(String role, String id, String publicAddress) { }

    String keyPair(String publicKey) {
        String name = "hivemind-" + tags.app();
        return recorder.ensure("key-pair", "main", () -> Ec2Inventory.find(ec2, "key-pair",
                Tags.filters(tags.app(), "main")).stream().findFirst(), () -> ec2.importKeyPair(request -> request
                .keyName(name).publicKeyMaterial(SdkBytes.fromString(publicKey, StandardCharsets.UTF_8))
                .tagSpecifications(tags.spec(ResourceType.KEY_PAIR, "main"))).keyName());
    }

    List<Running> instances(AwsPlan plan, Network.Ids network, String keyName) {
        Optional<String> image = Optional.empty();
        List<Running> running = new ArrayList<>();
        for (int n = 1; n <= plan.instances(); n++) {
            String role = "web-" + n;
            String subnet = network.publicSubnets().get((n - 1) % 2);
            if (image.isEmpty() && recorderLacks(role)) {
                image = Optional.of(debianImage());
            }
            String chosen = image.orElse("");
            String id = recorder.ensure("instance", role, () -> Ec2Inventory.find(ec2, "instance",
                    Tags.filters(tags.app(), role)).stream().findFirst(), () -> run(plan, role, subnet, chosen,
                    network, keyName));
            running.add(new Running(role, id, waitRunning(id)));
        }
        return running;
    }

    private boolean recorderLacks(String role) {
        return recorder.ledger().id("instance", role).isEmpty();
    }

    private String run(AwsPlan plan, String role, String subnet, String image, Network.Ids network, String keyName) {
        return ec2.runInstances(request -> request.imageId(image).instanceType(plan.instanceType()).minCount(1)
                .maxCount(1).keyName(keyName).subnetId(subnet)
                .securityGroupIds(network.appGroup(), network.sshGroup())
                .clientToken(clientToken(plan.app(), role, network.vpc()))
                .metadataOptions(options -> options.httpTokens(HttpTokensState.REQUIRED).httpEndpoint("enabled"))
                .blockDeviceMappings(BlockDeviceMapping.builder().deviceName("/dev/xvda").ebs(ebs -> ebs
                        .volumeSize(AwsPlan.ROOT_VOLUME_GB).volumeType(VolumeType.GP3).encrypted(true)
                        .deleteOnTermination(true)).build())
                .tagSpecifications(tags.spec(ResourceType.INSTANCE, role), tags.spec(ResourceType.VOLUME, role)))
                .instances().get(0).instanceId();
    }

    /** The newest available Debian 12 image for x86-64 published by Debian. */
    String debianImage() {
        return ec2.describeImages(request -> request.owners(DEBIAN_OWNER).filters(
                        Filter.builder().name("name").values(IMAGE_NAME).build(),
                        Filter.builder().name("architecture").values("x86_64").build(),
                        Filter.builder().name("state").values("available").build())).images().stream()
                .max(Comparator.comparing(Image::creationDate)).map(Image::imageId)
                .orElseThrow(() -> new InfrastructureException(Agent.PROVISIONER, "no Debian 12 image (owner "
                        + DEBIAN_OWNER + ", " + IMAGE_NAME + ") is available in this region", "Looking up the image",
                        "Choose a region where Debian publishes its images (--region)"));
    }

    /** Waits until the instance runs and has a public address; returns it. */
    private String waitRunning(String id) {
        long deadline = System.nanoTime() + RUNNING_DEADLINE.toNanos();
        while (true) {
            Instance instance = ec2.describeInstances(request -> request.instanceIds(id)).reservations().stream()
                    .flatMap(reservation -> reservation.instances().stream()).findFirst().orElseThrow();
            InstanceStateName state = instance.state().name();
            if (state == InstanceStateName.RUNNING && instance.publicIpAddress() != null) {
                return instance.publicIpAddress();
            }
            if (state != InstanceStateName.PENDING && state != InstanceStateName.RUNNING) {
                throw new InfrastructureException(Agent.PROVISIONER, "instance " + id + " is " + state
                        + " instead of running", "Starting the instances", "See its state reason in the EC2 console, "
                        + "then run hivemind destroy APP and deploy again");
            }
            if (System.nanoTime() > deadline) {
                throw new InfrastructureException(Agent.PROVISIONER, "instance " + id + " was not running after "
                        + RUNNING_DEADLINE.toMinutes() + " minutes", "Starting the instances",
                        "Run hivemind resume ID to wait again");
            }
            sleep();
        }
    }

    static String clientToken(String app, String role, String vpc) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest((app + "/" + role + "/" + vpc)
                    .getBytes(StandardCharsets.UTF_8));
            return "hivemind-" + HexFormat.of().formatHex(digest).substring(0, 48);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static void sleep() {
        try {
            Thread.sleep(POLL);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InfrastructureException(Agent.PROVISIONER, "interrupted while waiting for AWS",
                    "Waiting for AWS", "Run hivemind resume ID");
        }
    }
}
