package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The health route of a meta-framework that routes by file name, where no code names the path: Next.js
 * ({@code app/api/health/route.ts}, {@code pages/api/health.ts}), Nuxt ({@code server/api/health.ts},
 * {@code server/routes/healthz.get.ts}), Remix ({@code app/routes/healthcheck.tsx}), SvelteKit
 * ({@code src/routes/health/+server.ts}) and Astro ({@code src/pages/health.ts}).
 */
final class NodeFileRoutes {
    static final List<String> HEALTH_NAMES = List.of("health", "healthz", "healthcheck", "health-check", "up",
            "ping", "livez", "readyz", "ready", "status");
    private static final List<String> EXTENSIONS = List.of(".ts", ".js", ".tsx", ".jsx", ".mts", ".mjs");
    /** Per framework: a file template ({@code {n}} is the route's name) and the URL it serves. */
    private static final Map<String, List<Route>> ROUTES = Map.of(
            "next", List.of(new Route("app/api/{n}/route", "/api/{n}"), new Route("src/app/api/{n}/route",
                    "/api/{n}"), new Route("app/{n}/route", "/{n}"), new Route("src/app/{n}/route", "/{n}"),
                    new Route("pages/api/{n}", "/api/{n}"), new Route("src/pages/api/{n}", "/api/{n}")),
            "nuxt", List.of(new Route("server/api/{n}", "/api/{n}"), new Route("server/api/{n}.get", "/api/{n}"),
                    new Route("server/routes/{n}", "/{n}"), new Route("server/routes/{n}.get", "/{n}")),
            "remix", List.of(new Route("app/routes/{n}", "/{n}"), new Route("app/routes/api.{n}", "/api/{n}"),
                    new Route("app/routes/api/{n}", "/api/{n}")),
            "sveltekit", List.of(new Route("src/routes/{n}/+server", "/{n}"),
                    new Route("src/routes/api/{n}/+server", "/api/{n}")),
            "astro", List.of(new Route("src/pages/{n}", "/{n}"), new Route("src/pages/api/{n}", "/api/{n}")));
    private static final Map<String, String> NAMES = Map.of("next", "Next.js", "nuxt", "Nuxt", "remix", "Remix",
            "sveltekit", "SvelteKit", "astro", "Astro");

    private NodeFileRoutes() {
    }

    static Optional<Finding> health(Path directory, String framework) {
        for (Route route : ROUTES.getOrDefault(framework, List.of())) {
            for (String name : HEALTH_NAMES) {
                String stem = route.file().replace("{n}", name);
                Optional<String> file = EXTENSIONS.stream().map(extension -> stem + extension)
                        .filter(relative -> ProjectFiles.has(directory, relative)).findFirst();
                if (file.isPresent()) {
                    String path = route.url().replace("{n}", name);
                    return Optional.of(new Finding(path, "health_check_path " + path + " from " + file.get()
                            + " (" + NAMES.get(framework) + " routes by file name)"));
                }
            }
        }
        return Optional.empty();
    }

    private record Route(String file, String url) {
    }
}
