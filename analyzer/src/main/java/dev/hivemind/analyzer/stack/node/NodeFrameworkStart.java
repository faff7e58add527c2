package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.node.NodeStartCommand.Start;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The production server of a meta-framework whose package.json has no start script, run on what its build script
 * produced. Each listens on {@code $PORT}: Next.js is told {@code -p $PORT}; Nuxt's Nitro server, remix-serve,
 * SvelteKit's adapter-node and Astro's Node adapter read {@code PORT} (and {@code HOST}, which the agent sets to
 * 127.0.0.1) themselves.
 */
final class NodeFrameworkStart {
    private static final List<String> VITE_CONFIGS = List.of("vite.config.ts", "vite.config.js", "vite.config.mjs",
            "vite.config.mts");

    private NodeFrameworkStart() {
    }

    static Optional<Start> of(Path directory, PackageJson packageJson, PackageManager manager, String framework) {
        Optional<String> build = packageJson.script("build");
        if (build.isEmpty()) {
            return Optional.empty();
        }
        String built = " (package.json has no scripts.start; scripts.build is " + build.get() + ")";
        return switch (framework) {
            case "next" -> start(manager.exec("next") + " start -p $PORT -H 127.0.0.1",
                    "Next.js's production server" + built);
            case "nuxt" -> start("node .output/server/index.mjs", "the Nuxt (Nitro) server the build writes to "
                    + ".output" + built);
            case "remix" -> remix(directory, packageJson, manager, built);
            case "sveltekit" -> packageJson.declares("@sveltejs/adapter-node")
                    ? start("node build", "SvelteKit's @sveltejs/adapter-node output" + built) : Optional.empty();
            case "astro" -> packageJson.declares("@astrojs/node")
                    ? start("node dist/server/entry.mjs", "Astro's @astrojs/node standalone server" + built)
                    : Optional.empty();
            default -> Optional.empty();
        };
    }

    /** remix-serve on the server build: build/server/index.js with the Vite plugin, build/index.js before it. */
    private static Optional<Start> remix(Path directory, PackageJson packageJson, PackageManager manager,
                                         String built) {
        if (!packageJson.declares("@remix-run/serve")) {
            return Optional.empty();
        }
        Optional<String> vite = ProjectFiles.first(directory, VITE_CONFIGS);
        String serverBuild = vite.isPresent() ? "build/server/index.js" : "build/index.js";
        return start(manager.exec("remix-serve") + " " + serverBuild, "@remix-run/serve on the server build "
                + vite.map(config -> "(" + config + " uses the Vite plugin)").orElse("(no vite.config: the classic "
                + "compiler)") + built);
    }

    private static Optional<Start> start(String command, String source) {
        return Optional.of(new Start(new Finding(command, "start_command '" + command + "' from " + source),
                Optional.empty()));
    }
}
