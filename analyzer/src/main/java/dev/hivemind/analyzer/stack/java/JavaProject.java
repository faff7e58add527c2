package dev.hivemind.analyzer.stack.java;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A Java app's build as analysis sees it: Maven when there is a pom.xml, else Gradle; the libraries and plugins
 * declared by the root build file and by the modules (Maven {@code modules}, Gradle {@code include}) one level
 * down, where multi-module builds declare their app.
 *
 * @param maven        whether Maven builds it (else Gradle)
 * @param buildFile    the root build file, e.g. {@code pom.xml}; {@code settings.gradle} for a Gradle build with
 *                     no root script
 * @param pom          the root pom, for a Maven build
 * @param gradle       the root script, for a Gradle build that has one
 * @param modules      the module directories, relative to the app's directory
 * @param moduleBuilds the Gradle scripts of the modules, in the order of {@code modules}
 * @param dependencies every declaration, root first
 */
record JavaProject(boolean maven, String buildFile, Optional<MavenPom> pom, Optional<GradleBuild> gradle,
                   List<String> modules, List<GradleBuild> moduleBuilds, List<JavaDependency> dependencies) {
    /** The most modules read, so a very large reactor costs little. */
    static final int MAX_MODULES = 20;

    JavaProject {
        modules = List.copyOf(modules);
        moduleBuilds = List.copyOf(moduleBuilds);
        dependencies = List.copyOf(dependencies);
    }

    /** Whether {@code directory} holds a Maven or Gradle build. */
    static boolean present(Path directory) {
        return ProjectFiles.has(directory, MavenPom.FILE)
                || ProjectFiles.first(directory, GradleBuild.BUILD_FILES).isPresent()
                || ProjectFiles.first(directory, GradleBuild.SETTINGS_FILES).isPresent();
    }

    /**
     * @throws dev.hivemind.api.error.InvalidInputException when a pom.xml is malformed
     */
    static JavaProject read(Path directory) {
        return read(directory, directory);
    }

    /**
     * The build of {@code directory}, read with what it inherits from above it up to {@code root}: a Maven module's
     * parent poms, a Gradle subproject's version catalog.
     */
    static JavaProject read(Path directory, Path root) {
        return ProjectFiles.has(directory, MavenPom.FILE) ? maven(directory, root) : gradle(directory, root);
    }

    /** Non-test declarations only: what the app needs to run. */
    List<JavaDependency> runtime() {
        return dependencies.stream().filter(dependency -> !dependency.test()).toList();
    }

    /** The {@code group:artifact} names of the libraries the app needs to run, without plugins, in order. */
    List<String> libraryNames() {
        return runtime().stream().filter(dependency -> dependency.kind() == JavaDependency.Kind.LIBRARY)
                .map(JavaDependency::name).distinct().toList();
    }

    private static JavaProject maven(Path directory, Path repository) {
        MavenPom root = MavenPom.read(directory.resolve(MavenPom.FILE), MavenPom.FILE, repository);
        List<String> modules = root.modules().stream().filter(module -> isDirectory(directory, module))
                .limit(MAX_MODULES).toList();
        List<JavaDependency> dependencies = new ArrayList<>(declared(root));
        for (String module : modules) {
            Path pom = directory.resolve(module).resolve(MavenPom.FILE);
            if (Files.isRegularFile(pom, LinkOption.NOFOLLOW_LINKS)) {
                dependencies.addAll(declared(MavenPom.read(pom, module + "/" + MavenPom.FILE, repository)));
            }
        }
        return new JavaProject(true, MavenPom.FILE, Optional.of(root), Optional.empty(), modules, List.of(),
                dependencies);
    }

    private static List<JavaDependency> declared(MavenPom pom) {
        List<JavaDependency> declared = new ArrayList<>();
        pom.parent().ifPresent(parent -> declared.add(new JavaDependency(parent.group(), parent.artifact(),
                JavaDependency.Kind.PARENT, false,
                pom.file() + " parent " + parent.group() + ":" + parent.artifact())));
        declared.addAll(pom.dependencies());
        pom.plugins().stream().filter(plugin -> plugin.source().contains(" build plugin "))
                .forEach(plugin -> declared.add(new JavaDependency(plugin.group(), plugin.artifact(),
                        JavaDependency.Kind.PLUGIN, false,
                        plugin.source().replace(" build plugin ", " plugin " + plugin.group() + ":"))));
        return declared;
    }

    private static JavaProject gradle(Path directory, Path repository) {
        VersionCatalog catalog = VersionCatalog.of(directory, repository);
        Optional<GradleBuild> root = GradleBuild.read(directory, "", catalog);
        List<String> modules = GradleBuild.includedProjects(directory).stream()
                .filter(module -> isDirectory(directory, module)).distinct().limit(MAX_MODULES).toList();
        List<JavaDependency> dependencies = new ArrayList<>();
        root.ifPresent(build -> dependencies.addAll(build.dependencies()));
        List<GradleBuild> moduleBuilds = new ArrayList<>();
        for (String module : modules) {
            GradleBuild.read(directory.resolve(module), module + "/", catalog).ifPresent(moduleBuilds::add);
        }
        moduleBuilds.forEach(build -> dependencies.addAll(build.dependencies()));
        String buildFile = root.map(GradleBuild::file).or(() -> ProjectFiles.first(directory,
                GradleBuild.SETTINGS_FILES)).orElse("build.gradle");
        return new JavaProject(false, buildFile, Optional.empty(), root, modules, moduleBuilds, dependencies);
    }

    private static boolean isDirectory(Path directory, String module) {
        Path base = directory.toAbsolutePath().normalize();
        Path resolved = base.resolve(module).normalize();
        return resolved.startsWith(base) && !resolved.equals(base)
                && Files.isDirectory(resolved, LinkOption.NOFOLLOW_LINKS);
    }
}
