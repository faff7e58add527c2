package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Model;
import org.apache.maven.model.Parent;

/**
 * The {@code ${...}} interpolation of a pom read by Maven's model reader, as far as analysis needs it: the pom's
 * properties over those of its parents inside the repository and the defaults a {@code spring-boot-starter-parent}
 * parent sets ({@code java.version} 17 from Spring Boot 3, 1.8 before, and the compiler properties that follow it),
 * and the {@code project.*} values ({@code project.version}, {@code project.groupId} from the parent when the pom
 * has none, {@code project.artifactId}, {@code project.parent.version}). Every value keeps where it was set, for
 * the evidence.
 */
final class PomInterpolation {
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\$\\{([^}]+)}$");
    private static final int MAX_RESOLUTIONS = 10;

    private final Map<String, Property> properties;
    private final Map<String, String> project;

    /** A property's raw value and where it is set, e.g. {@code pom.xml properties java.version}. */
    private record Property(String raw, String origin) {
    }

    private PomInterpolation(Map<String, Property> properties, Map<String, String> project) {
        this.properties = properties;
        this.project = project;
    }

    /**
     * @param file      the pom's path for evidence, e.g. {@code app/pom.xml}
     * @param localParent the interpolation of its parent pom inside the repository, when there is one
     */
    static PomInterpolation of(Model model, String file, Optional<PomInterpolation> localParent) {
        Map<String, Property> properties = new LinkedHashMap<>();
        localParent.ifPresent(parent -> properties.putAll(parent.properties));
        Optional.ofNullable(model.getParent()).filter(MavenPom::isSpringBootParent)
                .ifPresent(parent -> springBootDefaults(parent, properties));
        new TreeMap<>(model.getProperties()).forEach((name, value) -> properties.put(name.toString(),
                new Property(value.toString().strip(), file + " properties " + name)));
        return new PomInterpolation(properties, projectValues(model));
    }

    /** {@code value} with every {@code ${name}} the pom can resolve replaced; the others are left as they are. */
    String resolve(String value) {
        String resolved = value == null ? "" : value.strip();
        for (int i = 0; i < MAX_RESOLUTIONS && resolved.contains("${"); i++) {
            Matcher matcher = REFERENCE.matcher(resolved);
            StringBuilder out = new StringBuilder();
            while (matcher.find()) {
                String replacement = raw(matcher.group(1)).orElse(matcher.group());
                matcher.appendReplacement(out, Matcher.quoteReplacement(replacement));
            }
            matcher.appendTail(out);
            if (out.toString().equals(resolved)) {
                break;
            }
            resolved = out.toString();
        }
        return resolved;
    }

    /**
     * The value of a property and the evidence of where it is set; a property that is only a reference to another
     * ({@code <maven.compiler.release>${java.version}</...>}) is followed, e.g. {@code pom.xml properties java.version
     * (via maven.compiler.release)}.
     */
    Optional<Finding> property(String name) {
        return property(name, 0);
    }

    /** A value written in the pom at {@code source}: a lone reference is followed like {@link #property}. */
    Optional<Finding> value(String raw, String source) {
        Matcher whole = WHOLE_REFERENCE.matcher(raw.strip());
        if (whole.matches()) {
            return property(whole.group(1), 1).map(found -> new Finding(found.value(), found.evidence()
                    + " (via " + source + ")"));
        }
        return resolved(raw, source);
    }

    private Optional<Finding> property(String name, int depth) {
        Property property = properties.get(name);
        if (property == null || depth > MAX_RESOLUTIONS) {
            return Optional.empty();
        }
        Matcher whole = WHOLE_REFERENCE.matcher(property.raw());
        if (whole.matches()) {
            return property(whole.group(1), depth + 1).map(found -> new Finding(found.value(), found.evidence()
                    + " (via " + name + ")"));
        }
        return resolved(property.raw(), property.origin());
    }

    private Optional<Finding> resolved(String raw, String source) {
        String resolved = resolve(raw);
        return resolved.isEmpty() || resolved.contains("${") ? Optional.empty()
                : Optional.of(new Finding(resolved, source));
    }

    private Optional<String> raw(String name) {
        return Optional.ofNullable(properties.get(name)).map(Property::raw)
                .or(() -> Optional.ofNullable(project.get(name)));
    }

    private static Map<String, String> projectValues(Model model) {
        Optional<Parent> parent = Optional.ofNullable(model.getParent());
        Map<String, String> values = new LinkedHashMap<>();
        Optional.ofNullable(model.getVersion()).or(() -> parent.map(Parent::getVersion)).ifPresent(version ->
                List.of("project.version", "pom.version", "version").forEach(name -> values.put(name, version)));
        Optional.ofNullable(model.getGroupId()).or(() -> parent.map(Parent::getGroupId)).ifPresent(group ->
                List.of("project.groupId", "pom.groupId").forEach(name -> values.put(name, group)));
        Optional.ofNullable(model.getArtifactId()).ifPresent(artifact ->
                List.of("project.artifactId", "pom.artifactId").forEach(name -> values.put(name, artifact)));
        parent.map(Parent::getVersion).ifPresent(version -> values.put("project.parent.version", version));
        return values;
    }

    /** What spring-boot-starter-parent sets: the Java version and the compiler properties that follow it. */
    private static void springBootDefaults(Parent parent, Map<String, Property> properties) {
        String origin = "the " + MavenPom.SPRING_BOOT_PARENT + " " + parent.getVersion() + " default ";
        boolean boot3 = JavaInstallations.major(Optional.ofNullable(parent.getVersion()).orElse(""))
                .filter(major -> major >= 3).isPresent();
        properties.put("java.version", new Property(boot3 ? "17" : "1.8", origin + "java.version"));
        List<String> compiler = boot3 ? List.of("maven.compiler.release")
                : List.of("maven.compiler.source", "maven.compiler.target");
        compiler.forEach(name -> properties.put(name, new Property("${java.version}", origin + name)));
    }
}
