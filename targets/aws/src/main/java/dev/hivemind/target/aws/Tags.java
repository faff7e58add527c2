package dev.hivemind.target.aws;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;

/**
 * The tags every resource HiveMind creates carries: {@code hivemind:app}, {@code hivemind:deployment},
 * {@code hivemind:managed=true} and {@code hivemind:role} (which one of its kind it is), given in the create call
 * itself so that a resource never exists untagged, and found again by them.
 */
record Tags(String app, String deployment) {
    static final String APP = "hivemind:app";
    static final String DEPLOYMENT = "hivemind:deployment";
    static final String MANAGED = "hivemind:managed";
    static final String ROLE = "hivemind:role";

    Map<String, String> of(String role) {
        Map<String, String> tags = new TreeMap<>();
        tags.put(APP, app);
        tags.put(DEPLOYMENT, deployment);
        tags.put(MANAGED, "true");
        tags.put(ROLE, role);
        tags.put("Name", "hivemind-" + app + "-" + role);
        return tags;
    }

    List<Tag> ec2(String role) {
        return of(role).entrySet().stream().map(tag -> Tag.builder().key(tag.getKey()).value(tag.getValue()).build())
                .toList();
    }

    TagSpecification spec(ResourceType type, String role) {
        return TagSpecification.builder().resourceType(type).tags(ec2(role)).build();
    }

    List<software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag> elb(String role) {
        return of(role).entrySet().stream().map(tag -> software.amazon.awssdk.services.elasticloadbalancingv2.model.Tag
                .builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    }

    List<software.amazon.awssdk.services.rds.model.Tag> rds(String role) {
        return of(role).entrySet().stream().map(tag -> software.amazon.awssdk.services.rds.model.Tag.builder()
                .key(tag.getKey()).value(tag.getValue()).build()).toList();
    }

    List<software.amazon.awssdk.services.secretsmanager.model.Tag> secrets(String role) {
        return of(role).entrySet().stream().map(tag -> software.amazon.awssdk.services.secretsmanager.model.Tag
                .builder().key(tag.getKey()).value(tag.getValue()).build()).toList();
    }

    /** The EC2 filters that find the app's resource of {@code role}. */
    static List<Filter> filters(String app, String role) {
        List<Filter> filters = new ArrayList<>(filters(app));
        filters.add(Filter.builder().name("tag:" + ROLE).values(role).build());
        return filters;
    }

    /** The EC2 filters that find every resource HiveMind made for the app. */
    static List<Filter> filters(String app) {
        return List.of(Filter.builder().name("tag:" + APP).values(app).build(),
                Filter.builder().name("tag:" + MANAGED).values("true").build());
    }
}
