package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.maven.model.Build;
import org.apache.maven.model.Model;
import org.apache.maven.model.io.xpp3.MavenXpp3Reader;
import org.codehaus.plexus.util.xml.Xpp3Dom;
import org.codehaus.plexus.util.xml.pull.XmlPullParserException;

/**
 * What analysis reads from a pom.xml: its parent, properties, dependencies (not those only managed), build plugins
 * and modules. Read by Maven's own model reader ({@code MavenXpp3Reader} of {@code maven-model}), strictly and,
 * as Maven does, leniently when only an unknown element stands in the way; a DOCTYPE is refused before reading, so
 * no entity or DTD is ever expanded or fetched. {@code ${name}} references are resolved by {@link PomInterpolation}
 * from the pom's properties, those of its parents inside the repository (the parent's {@code relativePath}, by
 * default {@code ../pom.xml}, when that pom has the parent's coordinates: a module inherits the reactor's
 * {@code java.version}), the {@code project.*} values, and Spring Boot's parent's defaults.
 */
final class MavenPom {
    static final String FILE = "pom.xml";
    static final String SPRING_BOOT_GROUP = "org.springframework.boot";
    static final String SPRING_BOOT_PARENT = "spring-boot-starter-parent";
    private static final Pattern DOCTYPE = Pattern.compile("<!DOCTYPE", Pattern.CASE_INSENSITIVE);
    private static final Pattern ROOT = Pattern.compile("Expected root element 'project' but found '([^']*)'");
    private static final int MAX_PARENTS = 5;

    private final String file;
    private final Model model;
    private final PomInterpolation values;

    private MavenPom(String file, Model model, PomInterpolation values) {
        this.file = file;
        this.model = model;
        this.values = values;
    }

    /** {@code groupId:artifactId:version} of the parent. */
    record Parent(String group, String artifact, String version) {
    }

    /** A build plugin and the text of its {@code configuration} children. */
    record Plugin(String group, String artifact, Map<String, String> configuration, String source) {
    }

    /**
     * @param relative the pom's path for evidence and messages, e.g. {@code pom.xml} or {@code app/pom.xml}
     * @throws InvalidInputException when the file is not well-formed XML or not a Maven project
     */
    static MavenPom read(Path pom, String relative) {
        return read(pom, relative, pom.toAbsolutePath().normalize().getParent());
    }

    /**
     * @param repository the repository's root: parent poms are looked for up to it
     * @throws InvalidInputException when the file is not well-formed XML or not a Maven project
     */
    static MavenPom read(Path pom, String relative, Path repository) {
        return read(pom, relative, repository, 0);
    }

    private static MavenPom read(Path pom, String relative, Path repository, int depth) {
        String text = ProjectFiles.read(pom).orElseThrow(() -> malformed(pom, relative, "it cannot be read"));
        Model model = model(text, pom, relative);
        Optional<MavenPom> local = localParent(model, pom, relative, repository, depth);
        return new MavenPom(relative, model, PomInterpolation.of(model, relative, local.map(parent -> parent.values)));
    }

    String file() {
        return file;
    }

    static boolean isSpringBootParent(org.apache.maven.model.Parent parent) {
        return SPRING_BOOT_GROUP.equals(parent.getGroupId()) && SPRING_BOOT_PARENT.equals(parent.getArtifactId());
    }

    /**
     * The parent's pom inside the repository: at {@code relativePath} (by default {@code ../pom.xml}; an empty
     * element means the parent is only in a Maven repository), when it has the parent's group and artifact.
     */
    private static Optional<MavenPom> localParent(Model model, Path pom, String relative, Path repository, int depth) {
        org.apache.maven.model.Parent parent = model.getParent();
        String path = parent == null ? "" : text(parent.getRelativePath());
        if (path.isEmpty() || depth >= MAX_PARENTS) {
            return Optional.empty();
        }
        Path base = repository.toAbsolutePath().normalize();
        Path candidate = pom.toAbsolutePath().normalize().getParent().resolve(path).normalize();
        Path file = Files.isDirectory(candidate) ? candidate.resolve(FILE) : candidate;
        if (!file.startsWith(base) || !Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String shown = Path.of(relative).getParent() == null ? path : Path.of(relative).getParent().resolve(path)
                .normalize().toString();
        MavenPom found = read(file, shown.endsWith(".xml") ? shown : shown + "/" + FILE, repository, depth + 1);
        String group = text(found.model.getGroupId()).isEmpty() ? found.parent().map(Parent::group).orElse("")
                : text(found.model.getGroupId());
        return group.equals(text(parent.getGroupId())) && text(found.model.getArtifactId())
                .equals(text(parent.getArtifactId())) ? Optional.of(found) : Optional.empty();
    }

    Optional<Parent> parent() {
        return Optional.ofNullable(model.getParent()).map(parent -> new Parent(text(parent.getGroupId()),
                text(parent.getArtifactId()), text(parent.getVersion())));
    }

    /** The project's {@code dependencies} (not {@code dependencyManagement}), coordinates resolved. */
    List<JavaDependency> dependencies() {
        return model.getDependencies().stream().map(dependency -> {
            String group = resolve(dependency.getGroupId());
            String artifact = resolve(dependency.getArtifactId());
            boolean test = resolve(dependency.getScope()).equals("test");
            return JavaDependency.library(group, artifact, test, file + " dependency " + group + ":" + artifact
                    + (test ? " (scope test)" : ""));
        }).toList();
    }

    /** The plugins of {@code build/plugins}, then those of {@code build/pluginManagement/plugins}. */
    List<Plugin> plugins() {
        Build build = model.getBuild();
        if (build == null) {
            return List.of();
        }
        List<Plugin> plugins = new ArrayList<>(plugins(build.getPlugins(), "build plugin "));
        if (build.getPluginManagement() != null) {
            plugins.addAll(plugins(build.getPluginManagement().getPlugins(), "build pluginManagement plugin "));
        }
        return plugins;
    }

    /** The {@code modules} of a multi-module build. */
    List<String> modules() {
        return model.getModules().stream().map(this::resolve).filter(name -> !name.isEmpty()).toList();
    }

    /** See {@link PomInterpolation#property}. */
    Optional<Finding> property(String name) {
        return values.property(name);
    }

    /** {@code value} with every {@code ${name}} the pom can resolve replaced; the others are left as they are. */
    String resolve(String value) {
        return values.resolve(value);
    }

    /** See {@link PomInterpolation#value}. */
    Optional<Finding> value(String raw, String source) {
        return values.value(raw, source);
    }

    private List<Plugin> plugins(List<org.apache.maven.model.Plugin> list, String where) {
        return list.stream().map(plugin -> {
            String group = resolve(plugin.getGroupId());
            String artifact = resolve(plugin.getArtifactId());
            Map<String, String> configuration = new LinkedHashMap<>();
            if (plugin.getConfiguration() instanceof Xpp3Dom dom) {
                for (Xpp3Dom setting : dom.getChildren()) {
                    configuration.put(setting.getName(), text(setting.getValue()));
                }
            }
            return new Plugin(group.isEmpty() ? "org.apache.maven.plugins" : group, artifact, configuration,
                    file + " " + where + artifact);
        }).toList();
    }

    /** The model, read strictly, else leniently (an unknown element is skipped), as Maven reads a project. */
    private static Model model(String text, Path pom, String relative) {
        Matcher doctype = DOCTYPE.matcher(text);
        if (doctype.find()) {
            throw malformed(pom, relative, "line " + ProjectFiles.lineOf(text, doctype.start())
                    + ": a DOCTYPE is not allowed");
        }
        try {
            return new MavenXpp3Reader().read(new StringReader(text), true);
        } catch (XmlPullParserException strict) {
            Matcher root = ROOT.matcher(String.valueOf(strict.getMessage()));
            if (root.find()) {
                throw malformed(pom, relative, "its root element is <" + root.group(1) + ">, not <project>");
            }
            try {
                return new MavenXpp3Reader().read(new StringReader(text), false);
            } catch (XmlPullParserException e) {
                throw malformed(pom, relative, "line " + e.getLineNumber() + ": " + e.getMessage());
            } catch (IOException e) {
                throw malformed(pom, relative, e.getMessage());
            }
        } catch (IOException e) {
            throw malformed(pom, relative, e.getMessage());
        }
    }

    private static InvalidInputException malformed(Path pom, String relative, String problem) {
        return new InvalidInputException(Agent.COMPILER, relative + " is not a readable Maven project: " + problem,
                "Reading " + pom + " to detect the Java application's stack", "Fix " + relative
                + " so that 'mvn validate' accepts it (a DOCTYPE is not allowed in a pom)");
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
