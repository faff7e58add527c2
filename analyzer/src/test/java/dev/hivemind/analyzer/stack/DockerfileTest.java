package dev.hivemind.analyzer.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DockerfileTest {

    @Test
    void readsTheLastStagesEnvironmentExposedPortsAndCommand() {
        Dockerfile dockerfile = Dockerfile.parse("Dockerfile", """
                FROM golang:1.22 AS build
                ENV PORT=1234
                EXPOSE 1234
                CMD ["go", "run", "."]

                FROM gcr.io/distroless/static
                # the port the app listens on
                ENV PORT 8080
                ENV HOST=0.0.0.0 \\
                    GIN_MODE="release"
                EXPOSE 8080/tcp 9090
                ENTRYPOINT ["/server"]
                CMD ["--verbose"]
                """);

        assertThat(dockerfile.env()).isEqualTo(Map.of("PORT", "8080", "HOST", "0.0.0.0", "GIN_MODE", "release"));
        assertThat(dockerfile.exposed()).containsExactly(8080, 9090);
        assertThat(dockerfile.command()).contains("/server --verbose");
    }

    @Test
    void keepsAShellFormCommandAsWritten() {
        Dockerfile dockerfile = Dockerfile.parse("Dockerfile", "FROM python:3.12\n"
                + "CMD exec gunicorn --bind :$PORT main:app\n");

        assertThat(dockerfile.command()).contains("exec gunicorn --bind :$PORT main:app");
        assertThat(dockerfile.exposed()).isEmpty();
    }

    @Test
    void thePortComesFromEnvThenTheCommandThenExpose() {
        Dockerfile withEnv = Dockerfile.parse("Dockerfile", "FROM x\nEXPOSE 80\nENV ASPNETCORE_URLS=http://+:5005\n");
        Dockerfile withCommand = Dockerfile.parse("Dockerfile", "FROM x\nEXPOSE 80\n"
                + "CMD [\"uvicorn\", \"app:app\", \"--port\", \"8001\"]\n");
        Dockerfile withExpose = Dockerfile.parse("Dockerfile", "FROM x\nEXPOSE 3000\n");

        assertThat(PortSources.inDockerfile(withEnv, List.of("PORT", "ASPNETCORE_URLS")).map(Finding::evidence))
                .contains("port 5005 from Dockerfile ENV ASPNETCORE_URLS=http://+:5005");
        assertThat(PortSources.inDockerfile(withCommand, List.of("PORT")).map(Finding::value)).contains("8001");
        assertThat(PortSources.inDockerfile(withExpose, List.of("PORT")).map(Finding::evidence))
                .contains("port 3000 from Dockerfile EXPOSE 3000");
        assertThat(PortSources.inDockerfile(Dockerfile.parse("Dockerfile", "FROM x\n"), List.of("PORT")))
                .isEqualTo(Optional.empty());
    }
}
