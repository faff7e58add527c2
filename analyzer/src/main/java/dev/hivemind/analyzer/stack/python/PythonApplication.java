package dev.hivemind.analyzer.stack.python;

import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where a Python web app's application object is, for the server that imports it: a module-level assignment such as
 * {@code app = Flask(__name__)}, {@code app = FastAPI()} or {@code app = create_app()}, or, when no module holds one,
 * a package whose {@code __init__.py} defines the application factory {@code create_app}. Modules are looked for in
 * the conventional files first ({@code wsgi.py}, {@code app.py}, {@code main.py}, ...), then the other top-level
 * files, then the packages at the top, in {@code src/} and {@code app/} ({@code app/main.py}, {@code src/pkg/main.py}).
 *
 * @param module    the dotted module, e.g. {@code app.main}
 * @param attribute the object or the factory, e.g. {@code app} or {@code create_app}
 * @param factory   whether {@code attribute} is a factory to call
 * @param appDir    the directory to import from when it is not the app's root, e.g. {@code src}
 * @param file      the file, relative to the app's directory
 */
record PythonApplication(String module, String attribute, boolean factory, Optional<String> appDir, String file) {
    private static final Pattern ASSIGNED = Pattern.compile(
            "(?m)^(app|application|api|server)\\s*(?::\\s*\\w+\\s*)?=\\s*(?:[\\w.]+\\.)?"
                    + "(?:Flask|FastAPI|Starlette|Quart|Sanic|create_app|make_app|get_application|get_app)\\s*\\(");
    private static final Pattern FACTORY = Pattern.compile("(?m)^def\\s+(create_app|make_app)\\s*\\(");
    private static final List<String> SOURCE_ROOTS = List.of("", "src/");
    private static final int MAX_TOP_LEVEL = 30;

    /** {@code module:attribute}, or {@code 'module:factory()'} for gunicorn, which calls a factory written so. */
    String gunicornTarget() {
        return factory ? "'" + module + ":" + attribute + "()'" : module + ":" + attribute;
    }

    /** {@code module:attribute} for uvicorn, with {@code --factory} when it is one. */
    String uvicornTarget() {
        return module + ":" + attribute + (factory ? " --factory" : "");
    }

    /** {@code --app-dir src } when the module is imported from a sub-directory, for uvicorn. */
    String uvicornAppDir() {
        return appDir.map(dir -> " --app-dir " + dir).orElse("");
    }

    /** The module (or package) Flask's {@code --app} option names. */
    String flaskApp() {
        return factory ? module : module + (attribute.equals("app") ? "" : ":" + attribute);
    }

    /**
     * The application of the app in {@code directory}: in {@code preferred} (file names, checked by existence, as a
     * named entry file is one by convention), else the first module assigning an application object, else the first
     * package defining a factory.
     */
    static Optional<PythonApplication> find(Path directory, List<String> preferred) {
        for (String name : preferred) {
            if (isFile(directory.resolve(name))) {
                return Optional.of(inModule(directory, name).orElse(new PythonApplication(moduleOf(name), "app",
                        false, Optional.empty(), name)));
            }
        }
        for (String file : candidates(directory)) {
            Optional<PythonApplication> found = inModule(directory, file);
            if (found.isPresent()) {
                return found;
            }
        }
        return factoryPackage(directory);
    }

    /** The application a module assigns, when it assigns one. */
    static Optional<PythonApplication> inModule(Path directory, String file) {
        return ProjectFiles.read(directory.resolve(file)).map(ASSIGNED::matcher).filter(Matcher::find)
                .map(assigned -> located(file, assigned.group(1), false));
    }

    /** The module and app directory of a {@code module:attribute} target, e.g. {@code shortener.main} in src/. */
    static Optional<PythonApplication> ofTarget(Path directory, String target) {
        String[] parts = target.replace("'", "").replace("\"", "").split(":", 2);
        String attribute = parts.length == 2 ? parts[1].replaceAll("\\(\\)$", "") : "app";
        boolean factory = parts.length == 2 && parts[1].endsWith("()");
        String path = parts[0].replace('.', '/');
        for (String root : SOURCE_ROOTS) {
            for (String suffix : List.of(".py", "/__init__.py")) {
                if (isFile(directory.resolve(root + path + suffix))) {
                    return Optional.of(located(root + path + suffix, attribute, factory));
                }
            }
        }
        return Optional.empty();
    }

    /** The module of a file path given to a server, e.g. {@code app/main.py} is {@code app.main}. */
    static Optional<PythonApplication> ofFile(Path directory, String file) {
        String relative = file.startsWith("./") ? file.substring(2) : file;
        if (!relative.endsWith(".py") || !isFile(directory.resolve(relative))) {
            return Optional.empty();
        }
        return Optional.of(inModule(directory, relative).orElse(located(relative, "app", false)));
    }

    private static PythonApplication located(String file, String attribute, boolean factory) {
        String withoutSuffix = file.replaceFirst("(?:/__init__)?\\.py$", "");
        Optional<String> appDir = withoutSuffix.startsWith("src/") ? Optional.of("src") : Optional.empty();
        String module = appDir.map(dir -> withoutSuffix.substring(dir.length() + 1)).orElse(withoutSuffix)
                .replace('/', '.');
        return new PythonApplication(module, attribute, factory, appDir, file);
    }

    private static String moduleOf(String file) {
        return file.replaceFirst("\\.py$", "").replace('/', '.');
    }

    /** The other top-level modules, then the modules of the packages at the top, in src/ and in app/. */
    private static List<String> candidates(Path directory) {
        Set<String> files = new LinkedHashSet<>();
        ProjectFiles.find(directory, 0, MAX_TOP_LEVEL, PythonApplication::isModule)
                .forEach(file -> files.add(ProjectFiles.relative(directory, file)));
        for (String root : SOURCE_ROOTS) {
            for (Path pkg : packages(directory.resolve(root))) {
                String prefix = root + pkg.getFileName() + "/";
                for (String name : List.of("main.py", "app.py", "wsgi.py", "asgi.py", "__init__.py")) {
                    if (isFile(directory.resolve(prefix + name))) {
                        files.add(prefix + name);
                    }
                }
            }
        }
        return new ArrayList<>(files);
    }

    private static Optional<PythonApplication> factoryPackage(Path directory) {
        for (String root : SOURCE_ROOTS) {
            for (Path pkg : packages(directory.resolve(root))) {
                String init = root + pkg.getFileName() + "/__init__.py";
                Optional<Matcher> factory = ProjectFiles.read(directory.resolve(init)).map(FACTORY::matcher)
                        .filter(Matcher::find);
                if (factory.isPresent()) {
                    return Optional.of(located(init, factory.get().group(1), true));
                }
            }
        }
        return Optional.empty();
    }

    /** The directories holding an {@code __init__.py}, sorted by name; tests and migrations left out. */
    private static List<Path> packages(Path directory) {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            return List.of();
        }
        return ProjectFiles.subdirectories(directory).stream()
                .filter(candidate -> isFile(candidate.resolve("__init__.py")))
                .filter(candidate -> !List.of("tests", "test", "migrations", "scripts", "docs")
                        .contains(candidate.getFileName().toString()))
                .toList();
    }

    private static boolean isModule(Path file) {
        String name = file.getFileName().toString();
        return name.endsWith(".py") && !name.startsWith("test_") && !name.equals("setup.py")
                && !name.equals("manage.py") && !name.equals("conftest.py") && !name.startsWith("gunicorn");
    }

    private static boolean isFile(Path file) {
        return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
    }
}
