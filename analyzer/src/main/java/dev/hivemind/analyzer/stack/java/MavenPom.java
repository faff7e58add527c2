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
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

/**
 * What analysis reads from a pom.xml: its parent, properties, dependencies (not those only managed), build plugins
 * and modules. Parsed with the JDK's DOM parser with DOCTYPEs refused, so no external entity or DTD is ever
 * fetched. {@code ${name}} references are resolved from the pom's properties, those of its parents inside the
 * repository (the parent's {@code relativePath}, by default {@code ../pom.xml}, when that pom has the parent's
 * coordinates: a module inherits the reactor's {@code java.version}), the {@code project.*} values, and the defaults
 * a {@code spring-boot-starter-parent} parent sets ({@code java.version} 17 from Spring Boot 3, 1.8 before, and the
 * compiler properties that follow it).
 */
final class MavenPom {
    static final String FILE = "pom.xml";
    static final String SPRING_BOOT_GROUP = "org.springframework.boot";
    static final String SPRING_BOOT_PARENT = "spring-boot-starter-parent";
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([^}]+)}");
    private static final Pattern WHOLE_REFERENCE = Pattern.compile("^\\$\\{([^}]+)}$");
    private static final int MAX_RESOLUTIONS = 10;
    private static final int MAX_PARENTS = 5;

    private final String file;
    private final Element project;
    private final Map<String, Property> properties;

    private MavenPom(String file, Element project, Map<String, Property> properties) {
        this.file = file;
        this.project = project;
        this.properties = properties;
    }

    /** A property's raw value and where it is set, e.g. {@code pom.xml properties java.version}. */
    private record Property(String raw, String origin) {
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
        Element root = parse(text, pom, relative).getDocumentElement();
        if (!name(root).equals("project")) {
            throw malformed(pom, relative, "its root element is <" + name(root) + ">, not <project>");
        }
        MavenPom bare = new MavenPom(relative, root, Map.of());
        Map<String, Property> properties = new LinkedHashMap<>();
        Optional<MavenPom> local = bare.parent().flatMap(parent -> bare.localParent(pom, relative, parent, repository,
                depth));
        local.ifPresent(parent -> properties.putAll(parent.properties));
        bare.parent().filter(MavenPom::isSpringBootParent).ifPresent(parent -> springBootDefaults(parent, properties));
        child(root, "properties").ifPresent(element -> children(element).forEach(property ->
                properties.put(name(property), new Property(property.getTextContent().strip(),
                        relative + " properties " + name(property)))));
        return new MavenPom(relative, root, properties);
    }

    String file() {
        return file;
    }

    /**
     * The parent's pom inside the repository: at {@code relativePath} (by default {@code ../pom.xml}; an empty
     * element means the parent is only in a Maven repository), when it has the parent's group and artifact.
     */
    private Optional<MavenPom> localParent(Path pom, String relative, Parent parent, Path repository, int depth) {
        Optional<Element> element = child(project, "parent").flatMap(p -> child(p, "relativePath"));
        String path = element.map(e -> e.getTextContent().strip()).orElse("../pom.xml");
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
        String group = text(found.project, "groupId").isEmpty() ? found.parent().map(Parent::group).orElse("")
                : text(found.project, "groupId");
        return group.equals(parent.group()) && text(found.project, "artifactId").equals(parent.artifact())
                ? Optional.of(found) : Optional.empty();
    }

    Optional<Parent> parent() {
        return child(project, "parent").map(parent -> new Parent(text(parent, "groupId"), text(parent, "artifactId"),
                text(parent, "version")));
    }

    /** The project's {@code dependencies} (not {@code dependencyManagement}), coordinates resolved. */
    List<JavaDependency> dependencies() {
        List<JavaDependency> dependencies = new ArrayList<>();
        child(project, "dependencies").ifPresent(list -> children(list, "dependency").forEach(dependency -> {
            String group = resolve(text(dependency, "groupId"));
            String artifact = resolve(text(dependency, "artifactId"));
            boolean test = resolve(text(dependency, "scope")).equals("test");
            dependencies.add(JavaDependency.library(group, artifact, test, file + " dependency " + group + ":"
                    + artifact + (test ? " (scope test)" : "")));
        }));
        return dependencies;
    }

    /** The plugins of {@code build/plugins}, then those of {@code build/pluginManagement/plugins}. */
    List<Plugin> plugins() {
        List<Plugin> plugins = new ArrayList<>();
        child(project, "build").ifPresent(build -> {
            child(build, "plugins").ifPresent(list -> plugins.addAll(plugins(list, "build plugin ")));
            child(build, "pluginManagement").flatMap(management -> child(management, "plugins"))
                    .ifPresent(list -> plugins.addAll(plugins(list, "build pluginManagement plugin ")));
        });
        return plugins;
    }

    /** The {@code modules} of a multi-module build. */
    List<String> modules() {
        return child(project, "modules").map(list -> children(list, "module").stream()
                .map(module -> resolve(module.getTextContent().strip())).filter(name -> !name.isEmpty()).toList())
                .orElse(List.of());
    }

    /**
     * The value of a property and the evidence of where it is set; a property that is only a reference to another
     * ({@code <maven.compiler.release>${java.version}</...>}) is followed, e.g. {@code pom.xml properties java.version
     * (via maven.compiler.release)}.
     */
    Optional<Finding> property(String name) {
        return property(name, 0);
    }

    /** {@code value} with every {@code ${name}} the pom can resolve replaced; the others are left as they are. */
    String resolve(String value) {
        String resolved = value;
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

    /** A value written in the pom at {@code source}: a lone reference is followed like {@link #property}. */
    Optional<Finding> value(String raw, String source) {
        Matcher whole = WHOLE_REFERENCE.matcher(raw.strip());
        if (whole.matches()) {
            return property(whole.group(1), 1).map(found -> new Finding(found.value(), found.evidence()
                    + " (via " + source + ")"));
        }
        String resolved = resolve(raw.strip());
        return resolved.isEmpty() || resolved.contains("${") ? Optional.empty()
                : Optional.of(new Finding(resolved, source));
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
        String resolved = resolve(property.raw());
        return resolved.isEmpty() || resolved.contains("${") ? Optional.empty()
                : Optional.of(new Finding(resolved, property.origin()));
    }

    private Optional<String> raw(String name) {
        if (properties.containsKey(name)) {
            return Optional.of(properties.get(name).raw());
        }
        return switch (name) {
            case "project.version", "pom.version", "version" -> Optional.of(text(project, "version"))
                    .filter(v -> !v.isEmpty()).or(() -> parent().map(Parent::version));
            case "project.groupId", "pom.groupId" -> Optional.of(text(project, "groupId")).filter(v -> !v.isEmpty())
                    .or(() -> parent().map(Parent::group));
            case "project.artifactId", "pom.artifactId" -> Optional.of(text(project, "artifactId"));
            case "project.parent.version" -> parent().map(Parent::version);
            default -> Optional.empty();
        };
    }

    private List<Plugin> plugins(Element list, String where) {
        return children(list, "plugin").stream().map(plugin -> {
            String group = resolve(text(plugin, "groupId"));
            String artifact = resolve(text(plugin, "artifactId"));
            String groupOrDefault = group.isEmpty() ? "org.apache.maven.plugins" : group;
            Map<String, String> configuration = new LinkedHashMap<>();
            child(plugin, "configuration").ifPresent(element -> children(element).forEach(setting ->
                    configuration.put(name(setting), setting.getTextContent().strip())));
            return new Plugin(groupOrDefault, artifact, configuration, file + " " + where + artifact);
        }).toList();
    }

    private static boolean isSpringBootParent(Parent parent) {
        return parent.group().equals(SPRING_BOOT_GROUP) && parent.artifact().equals(SPRING_BOOT_PARENT);
    }

    /** What spring-boot-starter-parent sets: the Java version and the compiler properties that follow it. */
    private static void springBootDefaults(Parent parent, Map<String, Property> properties) {
        String origin = "the " + SPRING_BOOT_PARENT + " " + parent.version() + " default ";
        boolean boot3 = JavaInstallations.major(parent.version()).filter(major -> major >= 3).isPresent();
        properties.put("java.version", new Property(boot3 ? "17" : "1.8", origin + "java.version"));
        List<String> compiler = boot3 ? List.of("maven.compiler.release")
                : List.of("maven.compiler.source", "maven.compiler.target");
        compiler.forEach(name -> properties.put(name, new Property("${java.version}", origin + name)));
    }

    private static Document parse(String text, Path pom, String relative) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            builder.setErrorHandler(new ThrowingErrorHandler());
            return builder.parse(new InputSource(new StringReader(text)));
        } catch (SAXParseException e) {
            throw malformed(pom, relative, "line " + e.getLineNumber() + ": " + e.getMessage());
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw malformed(pom, relative, e.getMessage());
        }
    }

    /** Reports errors by throwing them, instead of printing them to standard error as the default handler does. */
    private static final class ThrowingErrorHandler implements ErrorHandler {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXParseException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXParseException {
            throw exception;
        }
    }

    private static InvalidInputException malformed(Path pom, String relative, String problem) {
        return new InvalidInputException(Agent.COMPILER, relative + " is not a readable Maven project: " + problem,
                "Reading " + pom + " to detect the Java application's stack", "Fix " + relative
                + " so that 'mvn validate' accepts it (a DOCTYPE is not allowed in a pom)");
    }

    private static String name(Node node) {
        return node.getLocalName() != null ? node.getLocalName() : node.getNodeName();
    }

    private static Optional<Element> child(Element parent, String name) {
        return children(parent, name).stream().findFirst();
    }

    private static List<Element> children(Element parent, String name) {
        return children(parent).stream().filter(element -> name(element).equals(name)).toList();
    }

    private static List<Element> children(Element parent) {
        List<Element> elements = new ArrayList<>();
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element) {
                elements.add(element);
            }
        }
        return elements;
    }

    private static String text(Element parent, String name) {
        return child(parent, name).map(element -> element.getTextContent().strip()).orElse("");
    }
}
