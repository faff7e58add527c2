package dev.hivemind.analyzer.stack;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the health path an app's code declares: a route such as {@code app.get('/health', ...)},
 * {@code fastify.route({ url: '/healthz' })}, {@code @Get('health')}, {@code @app.route("/health")},
 * {@code path('health/', ...)}, Starlette's {@code Route("/ready", ...)}, Tornado's
 * {@code (r"/health", HealthHandler)}, Go's {@code r.GET("/health", ...)} or {@code HandleFunc("GET /healthz", ...)},
 * or a comparison such as {@code url === '/up'}, {@code self.path == '/health'} or {@code r.URL.Path == "/healthz"}.
 * The entry file is read first, then the files beside it and one directory below it,
 * then the other source files of the language at the top level and one directory down, never inside dependency,
 * build or test directories; files and their number are capped so a large repository costs little. {@link #NODE}
 * reads JavaScript and TypeScript, {@link #PYTHON} reads Python; Go's files are given by {@link #firstIn}.
 */
public final class HealthPathScanner {
    static final int MAX_FILES = 40;
    static final long MAX_FILE_BYTES = 256 * 1024;
    public static final HealthPathScanner NODE = new HealthPathScanner(
            Pattern.compile("^(?!.*\\.(?:test|spec)\\.)[^.].*\\.(?:[cm]?js|[cm]?ts)$"),
            Set.of("node_modules", ".git", "dist", "build", "coverage", "out", "test", "tests", "__tests__",
                    "public", "static", "vendor"));
    public static final HealthPathScanner PYTHON = new HealthPathScanner(
            Pattern.compile("^(?!test_|conftest\\.)(?!.*_test\\.py$)[^.].*\\.py$"),
            Set.of(".git", ".venv", "venv", "env", "__pycache__", "site-packages", "node_modules", "build", "dist",
                    "migrations", "test", "tests", "static", "templates"));
    private static final Pattern HEALTH = Pattern.compile(
            "/(?:api/)?(?:v\\d+/)?(?:health|healthz|healthcheck|health-check|health_check|_health|up|ping|livez|readyz"
                    + "|ready|status)",
            Pattern.CASE_INSENSITIVE);
    /** A string literal that may hold a route's path, with the method a Go 1.22 pattern puts before it. */
    private static final Pattern HEALTH_LITERAL = Pattern.compile(
            "(['\"`])(?:(?:GET|HEAD)\\s+)?(?<path>/?[A-Za-z0-9_./-]*)\\1");
    /** How far before and after a health path's literal its declaration may begin and end. */
    private static final int DECLARATION_BEFORE = 200;
    private static final int DECLARATION_AFTER = 120;
    private static final String QUOTED = "[rRbB]?(['\"`])(?<path>/?[A-Za-z0-9_./-]*)\\1";
    private static final List<Pattern> DECLARATIONS = List.of(
            Pattern.compile("(?:\\.|->|::)\\s*(?:get|all|head|route|use)\\s*\\(\\s*" + QUOTED),
            Pattern.compile("\\b(?:path|url)\\s*:\\s*" + QUOTED),
            Pattern.compile("@(?:Get|All|Head|Controller)\\s*\\(\\s*" + QUOTED),
            Pattern.compile("\\b(?:url|pathname|path)\\s*===?\\s*" + QUOTED),
            Pattern.compile(QUOTED + "\\s*===?\\s*[\\w.]*\\b(?:url|pathname|path)\\b"),
            Pattern.compile("\\bcase\\s+" + QUOTED + "\\s*:"),
            Pattern.compile("\\b(?:re_)?path\\s*\\(\\s*" + QUOTED),
            Pattern.compile("\\.\\s*add_(?:get|route)\\s*\\(\\s*(?:['\"]GET['\"]\\s*,\\s*)?" + QUOTED),
            Pattern.compile("\\b(?:Route|WebSocketRoute)\\s*\\(\\s*" + QUOTED),
            Pattern.compile("\\(\\s*" + QUOTED + "\\s*,\\s*\\w+Handler\\b"),
            // Go: r.GET("/health", ...) (gin, echo), r.Get (chi, fiber), HandleFunc("GET /healthz", ...) (net/http)
            Pattern.compile("\\.\\s*(?:GET|HEAD|Any|Get|Head|All|Handle|HandleFunc|Path|Route)\\s*\\(\\s*([\"`])"
                    + "(?:(?:GET|HEAD)\\s+)?(?<path>/[A-Za-z0-9_./-]*)\\1"),
            Pattern.compile("\\bPath\\s*==\\s*" + QUOTED),
            // httprouter: router.HandlerFunc(http.MethodGet, "/v1/healthcheck", ...)
            Pattern.compile("\\.\\s*(?:HandlerFunc|Handler|Handle)\\s*\\(\\s*(?:http\\.Method\\w+|\"[A-Z]+\")\\s*,\\s*"
                    + QUOTED),
            // Sinatra's get '/health' do, Rails' get "up" => "rails/health#show"
            Pattern.compile("(?m)^\\s*get\\s*\\(?\\s*" + QUOTED),
            // Laravel 11: ->withRouting(health: '/up')
            Pattern.compile("\\bhealth\\s*:\\s*" + QUOTED),
            // ASP.NET Core: app.MapGet("/health", ...), MapHealthChecks("/healthz"), UseHealthChecks("/health")
            Pattern.compile("\\.\\s*(?:MapGet|MapHealthChecks|UseHealthChecks)\\s*\\(\\s*" + QUOTED),
            // actix-web: #[get("/health")], web::resource("/health")
            Pattern.compile("(?:#\\[get\\(|\\bresource\\()\\s*" + QUOTED));

    private final Pattern sourceFile;
    private final Set<String> skippedDirectories;

    private HealthPathScanner(Pattern sourceFile, Set<String> skippedDirectories) {
        this.sourceFile = sourceFile;
        this.skippedDirectories = skippedDirectories;
    }

    /** The first health path a Node.js app declares, with the file and line it is declared on. */
    public static Optional<Finding> scan(Path directory, Optional<Path> entry) {
        return NODE.find(directory, entry);
    }

    static List<Path> candidates(Path directory, Optional<Path> entry) {
        return NODE.files(directory, entry);
    }

    /** The first health path declared, with the file and line it is declared on. */
    public Optional<Finding> find(Path directory, Optional<Path> entry) {
        Path root = directory.toAbsolutePath().normalize();
        for (Path file : files(root, entry)) {
            Optional<Finding> found = scanFile(root, file);
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    /**
     * The first health path declared in {@code files}, in their order (at most {@value #MAX_FILES} of them), named
     * relative to {@code directory}; for Go, whose files are chosen by package rather than by place.
     */
    public static Optional<Finding> firstIn(Path directory, List<Path> files) {
        return files.stream().filter(HealthPathScanner::readable).limit(MAX_FILES)
                .flatMap(file -> scanFile(directory, file).stream()).findFirst();
    }

    /**
     * The files read, in order: the entry file; when it is in a sub-directory (a TypeScript app's
     * {@code src/main.ts}), the files beside it and one directory below it; then the top-level files and those one
     * directory down.
     */
    public List<Path> files(Path directory, Optional<Path> entry) {
        return ProjectFiles.remembered(List.of(this, directory, entry), () -> listFiles(directory, entry));
    }

    private List<Path> listFiles(Path directory, Optional<Path> entry) {
        Path root = directory.toAbsolutePath().normalize();
        Set<Path> files = new LinkedHashSet<>();
        entry.filter(HealthPathScanner::readable).ifPresent(files::add);
        entry.map(file -> file.toAbsolutePath().normalize().getParent())
                .filter(parent -> !parent.equals(root) && parent.startsWith(root))
                .ifPresent(parent -> scripts(parent).forEach(files::add));
        scripts(root).forEach(files::add);
        return files.stream().limit(MAX_FILES).toList();
    }

    private List<Path> scripts(Path directory) {
        List<Path> found = new ArrayList<>(listScripts(directory));
        for (Path child : ProjectFiles.entries(directory)) {
            String name = child.getFileName().toString();
            if (!name.startsWith(".") && !skippedDirectories.contains(name) && ProjectFiles.isDirectory(child)) {
                found.addAll(listScripts(child));
            }
        }
        return found;
    }

    private List<Path> listScripts(Path directory) {
        return ProjectFiles.entries(directory).stream()
                .filter(file -> sourceFile.matcher(file.getFileName().toString()).matches() && readable(file))
                .toList();
    }

    private static boolean readable(Path file) {
        long size = ProjectFiles.size(file);
        return size >= 0 && size <= MAX_FILE_BYTES;
    }

    private static Optional<Finding> scanFile(Path directory, Path file) {
        return ProjectFiles.read(file).flatMap(code -> firstDeclaration(code).map(match -> new Finding(match.path(),
                "health_check_path " + match.path() + " from " + directory.relativize(file).toString()
                        .replace('\\', '/') + " line " + ProjectFiles.lineOf(code, match.offset()))));
    }

    /** Whether {@code path} is one health checks are served at, e.g. {@code /healthz} or {@code /v1/healthcheck}. */
    public static boolean isHealthPath(String path) {
        return HEALTH.matcher(normalize(path)).matches();
    }

    /**
     * The health path declared earliest in {@code code}. One pass finds the string literals that hold a health path
     * ({@code '/health'}, {@code "GET /healthz"}); only the text around each, nearest first, is matched against the
     * declarations, so a file that names no health path costs one scan however long it is.
     */
    static Optional<Match> firstDeclaration(String code) {
        Matcher literal = HEALTH_LITERAL.matcher(code);
        while (literal.find()) {
            if (!HEALTH.matcher(normalize(literal.group("path"))).matches()) {
                continue;
            }
            int from = Math.max(0, literal.start() - DECLARATION_BEFORE);
            int to = Math.min(code.length(), literal.end() + DECLARATION_AFTER);
            Optional<Match> first = Optional.empty();
            for (Pattern declaration : DECLARATIONS) {
                Matcher matcher = declaration.matcher(code).region(from, to).useTransparentBounds(true)
                        .useAnchoringBounds(false);
                while (matcher.find()) {
                    if (matcher.end("path") == literal.end("path")) {
                        if (first.isEmpty() || matcher.start() < first.get().offset()) {
                            first = Optional.of(new Match(normalize(matcher.group("path")), matcher.start()));
                        }
                        break;
                    }
                }
            }
            if (first.isPresent()) {
                return first;
            }
        }
        return Optional.empty();
    }

    private static String normalize(String path) {
        String absolute = path.startsWith("/") ? path : "/" + path;
        return absolute.length() > 1 && absolute.endsWith("/")
                ? absolute.substring(0, absolute.length() - 1) : absolute;
    }

    /** A health path and where in the file it was declared. */
    record Match(String path, int offset) {
    }
}
