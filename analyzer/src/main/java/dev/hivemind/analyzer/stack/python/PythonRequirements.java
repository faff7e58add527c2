package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads pip requirements files: which one an app installs from ({@code requirements.txt}, else the first other
 * top-level {@code requirements*.txt} that is not for development or tests), and the package names it lists,
 * following {@code -r} includes. Names are normalized as pip compares them ({@code Flask_SQLAlchemy} is
 * {@code flask-sqlalchemy}).
 */
final class PythonRequirements {
    static final String FILE = "requirements.txt";
    private static final Pattern NAME = Pattern.compile("^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)");
    private static final Pattern EGG = Pattern.compile("#egg=([A-Za-z0-9._-]+)");
    private static final Pattern INCLUDE = Pattern.compile("^(?:-r|--requirement)(?:\\s+|=)(\\S+)$");
    private static final Pattern OTHER_FILES = Pattern.compile("^requirements[\\w.-]*\\.txt$");
    private static final int MAX_INCLUDES = 10;
    /** A {@code requirements/} directory's files, in the order one is chosen: what production installs first. */
    private static final List<String> DIRECTORY_FILES = List.of("requirements/production.txt",
            "requirements/prod.txt", "requirements/base.txt", "requirements/common.txt", "requirements/main.txt");

    private PythonRequirements() {
    }

    /** A direct dependency and where it is declared, e.g. {@code requirements.txt line 2}. */
    record Dependency(String name, String source) {
    }

    /**
     * The requirements file pip installs from, relative to {@code directory}: requirements.txt, else another
     * top-level requirements*.txt not for development or tests, else the production file of a {@code requirements/}
     * directory (cookiecutter-django's production.txt, which includes base.txt).
     */
    static Optional<String> file(Path directory) {
        if (Files.isRegularFile(directory.resolve(FILE))) {
            return Optional.of(FILE);
        }
        try (Stream<Path> files = Files.list(directory)) {
            Optional<String> other = files.map(file -> file.getFileName().toString())
                    .filter(name -> OTHER_FILES.matcher(name).matches() && !name.matches(".*(?:dev|test).*"))
                    .sorted(Comparator.naturalOrder()).findFirst();
            if (other.isPresent()) {
                return other;
            }
        } catch (IOException unreadable) {
            return Optional.empty();
        }
        return DIRECTORY_FILES.stream().filter(name -> Files.isRegularFile(directory.resolve(name))).findFirst();
    }

    /** Whether any file in the directory is named like a requirements file. */
    static boolean present(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.anyMatch(file -> OTHER_FILES.matcher(file.getFileName().toString()).matches()
                    && Files.isRegularFile(file))
                    || DIRECTORY_FILES.stream().anyMatch(name -> Files.isRegularFile(directory.resolve(name)));
        } catch (IOException unreadable) {
            return false;
        }
    }

    /** The packages {@code file} lists, in file order, with those of the files it includes. */
    static List<Dependency> read(Path directory, String file) {
        List<Dependency> found = new ArrayList<>();
        read(directory, file, found, new HashSet<>());
        return found;
    }

    /** Whether installing from {@code file} would do anything: it has a line that is neither blank nor a comment. */
    static boolean hasEntries(Path directory, String file) {
        return lines(directory.resolve(file)).stream().anyMatch(line -> !line.isEmpty());
    }

    /** The normalized project name a PEP 508 requirement starts with; empty for a path or a bare URL. */
    static Optional<String> name(String requirement) {
        String text = requirement.strip();
        Matcher egg = EGG.matcher(text);
        if (egg.find()) {
            return Optional.of(normalize(egg.group(1)));
        }
        if (text.contains("://") || text.startsWith(".") || text.startsWith("/")) {
            return Optional.empty();
        }
        Matcher name = NAME.matcher(text);
        return name.find() ? Optional.of(normalize(name.group(1))) : Optional.empty();
    }

    static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[-_.]+", "-");
    }

    private static void read(Path directory, String file, List<Dependency> found, Set<Path> seen) {
        Path path = directory.resolve(file).normalize();
        if (!seen.add(path) || seen.size() > MAX_INCLUDES) {
            return;
        }
        List<String> lines = lines(path);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            Matcher include = INCLUDE.matcher(line);
            if (include.matches()) {
                Path included = path.resolveSibling(include.group(1)).normalize();
                read(directory, directory.relativize(included).toString(), found, seen);
            } else if (!line.startsWith("-") || line.startsWith("-e ") || line.startsWith("--editable")) {
                String requirement = line.replaceFirst("^(?:-e|--editable)(?:\\s+|=)", "");
                int number = i + 1;
                name(requirement).ifPresent(name -> found.add(new Dependency(name, file + " line " + number)));
            }
        }
    }

    /** The file's lines without comments and surrounding blanks (kept as blank lines, so numbers stay true). */
    private static List<String> lines(Path file) {
        return ProjectFiles.read(file).map(text -> text.lines()
                .map(line -> line.replaceFirst("(^|\\s)#.*$", "").strip()).toList()).orElse(List.of());
    }
}
