package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.stack.DeclaredPort;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.Procfile;
import dev.hivemind.analyzer.stack.ProjectFiles;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The port a Node.js app listens on when nothing tells it otherwise, in this order of trust: a literal in the
 * Procfile's web line or else the start script ({@code -p 4000}, {@code --port 4000}, {@code PORT=4000}); the shell
 * scripts the start command runs; configuration: an environment file ({@code .env.example}: {@code PORT=5000}) or
 * the {@code port} of node-config's {@code config/default.json} (Feathers reads it); a declaration in the code ({@link DeclaredPort#NODE}); the Dockerfile ({@code ENV PORT=8080}, {@code EXPOSE 8080}); last the
 * framework's own default (Next.js, Nuxt, Remix, SvelteKit and fastify-cli 3000, Astro 4321; Express, Koa, hapi and
 * a plain server have none).
 */
final class NodePort {
    private static final String CONFIG_DEFAULT = "config/default.json";
    private static final Pattern CONFIG_PORT = Pattern.compile("^\\s{0,4}\"port\"\\s*:\\s*\"?(\\d{2,5})\"?\\s*,?\\s*$",
            Pattern.MULTILINE);

    private NodePort() {
    }

    static Optional<Finding> detect(Path directory, PackageJson packageJson, NodeStartCommand.Start start,
                                    String framework) {
        Optional<String> web = Procfile.web(directory);
        Optional<String> script = packageJson.script("start:prod").or(() -> packageJson.script("start"));
        List<String> commands = web.or(() -> script).stream().toList();
        Optional<Finding> inCommand = web.isPresent() ? DeclaredPort.inCommand(web.get(), Procfile.SOURCE)
                : packageJson.script("start:prod").map(command -> DeclaredPort.inCommand(command,
                        "package.json scripts.start:prod")).orElseGet(() -> packageJson.script("start")
                        .flatMap(command -> DeclaredPort.inCommand(command, "package.json scripts.start")));
        return inCommand
                .or(() -> PortSources.inScripts(directory, commands))
                .or(() -> PortSources.inEnvironmentFiles(directory, List.of("PORT"), List.of()))
                .or(() -> configDefault(directory))
                .or(() -> DeclaredPort.NODE.inCode(directory, start.entry()))
                .or(() -> PortSources.inDockerfile(directory, List.of("PORT")))
                .or(() -> frameworkDefault(framework, script));
    }

    /** node-config's {@code config/default.json} {@code "port": 3030}. */
    private static Optional<Finding> configDefault(Path directory) {
        return ProjectFiles.read(directory.resolve(CONFIG_DEFAULT)).map(CONFIG_PORT::matcher).filter(Matcher::find)
                .map(matcher -> PortSources.declaredAt(Integer.parseInt(matcher.group(1)), CONFIG_DEFAULT + " port"));
    }

    private static Optional<Finding> frameworkDefault(String framework, Optional<String> startScript) {
        return switch (framework) {
            case "next" -> Optional.of(PortSources.frameworkDefault(3000, "next start"));
            case "nuxt" -> Optional.of(PortSources.frameworkDefault(3000, "Nuxt's Nitro server"));
            case "remix" -> Optional.of(PortSources.frameworkDefault(3000, "remix-serve"));
            case "sveltekit" -> Optional.of(PortSources.frameworkDefault(3000, "SvelteKit's adapter-node"));
            case "astro" -> Optional.of(PortSources.frameworkDefault(4321, "Astro's Node adapter"));
            case "fastify" -> startScript.filter(command -> command.matches("(?s).*\\bfastify\\s+start\\b.*"))
                    .map(command -> PortSources.frameworkDefault(3000, "fastify-cli (fastify start)"));
            default -> Optional.empty();
        };
    }
}
