package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.Dockerfile;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A repository holding only a Dockerfile: the image's command is the start command, its port the one its
 * {@code ENV PORT}, command or {@code EXPOSE} gives; it has no runtime or build tool of its own beyond docker.
 */
final class DockerImage {

    private DockerImage() {
    }

    static TechStack describe(Path directory) {
        Optional<Dockerfile> dockerfile = Dockerfile.read(directory);
        String file = dockerfile.map(Dockerfile::file).orElse("Dockerfile");
        String command = dockerfile.flatMap(Dockerfile::command).orElse("");
        return new Description("docker", file)
                .framework(new Finding("none", "framework none: the image is built from " + file))
                .runtime(new Finding("none", "runtime_version none: the base image brings its own runtime"))
                .buildTool(new Finding("docker", "build_tool docker from " + file + " (docker build)"))
                .database(Optional.empty(), "requires_database false: " + file + " says nothing of a database")
                .start(new Finding(command, command.isEmpty() ? "start_command none: " + file + " has no CMD or "
                        + "ENTRYPOINT, so the base image's command runs" : "start_command '" + command + "' from "
                        + file + " ENTRYPOINT and CMD"))
                .port(dockerfile.flatMap(found -> PortSources.inDockerfile(directory, List.of("PORT"))),
                        "port none: " + file + " has no ENV PORT, port in its command or EXPOSE")
                .health(Optional.empty())
                .stack();
    }
}
