package dev.hivemind.analyzer;

import static dev.hivemind.analyzer.Fixtures.app;
import static dev.hivemind.analyzer.Fixtures.packageJson;
import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RepositoryAnalyzer#describe}, what {@code hivemind analyze} shows: the whole analysis of a stack HiveMind
 * does not deploy (while {@link RepositoryAnalyzer#analyze}, what {@code deploy} asks, still refuses it), whether
 * the port is declared or a framework's default, the apps of a monorepo with their ports, and an app below its
 * manifest.
 */
class DescribeTest {
    private final RepositoryAnalyzer analyzer = new RepositoryAnalyzer();

    @TempDir
    Path repo;

    @Test
    void aRubyAppIsDescribedInFullAndNotDeployableWhileDeployStillRefusesIt() {
        // given a Sinatra app
        write(repo, "Gemfile", "source 'https://rubygems.org'\nruby '3.2.2'\ngem 'sinatra'\ngem 'pg'\n");
        write(repo, "app.rb", "require 'sinatra'\nset :port, 4567\nget '/health' do\n  'ok'\nend\n");

        // when
        Analysis analysis = analyzer.describe(repo);

        // then
        TechStack stack = analysis.stack().orElseThrow();
        assertThat(analysis.deployable()).isFalse();
        assertThat(analysis.notDeployable().orElseThrow().reason()).contains("HiveMind does not deploy Ruby apps");
        assertThat(analysis.notDeployable().orElseThrow().remediation()).startsWith("Deploy it with a tool made "
                + "for Ruby");
        assertThat(stack.language()).isEqualTo("ruby");
        assertThat(stack.framework()).isEqualTo("sinatra");
        assertThat(stack.runtimeVersion()).isEqualTo("3.2.2");
        assertThat(stack.buildTool()).isEqualTo("bundler");
        assertThat(stack.databaseType()).contains("postgresql");
        assertThat(stack.port()).contains(4567);
        assertThat(analysis.portDeclared()).isTrue();
        assertThat(stack.startCommand()).isEqualTo("bundle exec ruby app.rb");
        assertThat(stack.healthCheckPath()).contains("/health");
        assertThat(stack.evidence()).contains("port 4567 from app.rb line 2 (set :port)");
        assertThatThrownBy(() -> analyzer.analyze(repo)).isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("HiveMind does not deploy Ruby apps");
    }

    @Test
    void aDotnetProjectIsRecognizedAndDescribed() {
        write(repo, "Api.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\">\n  <PropertyGroup>\n"
                + "    <TargetFramework>net8.0</TargetFramework>\n  </PropertyGroup>\n</Project>\n");
        write(repo, "Program.cs", "var app = WebApplication.CreateBuilder(args).Build();\n"
                + "app.MapGet(\"/healthz\", () => \"ok\");\napp.Run();\n");

        Analysis analysis = analyzer.describe(repo);

        TechStack stack = analysis.stack().orElseThrow();
        assertThat(stack.language()).isEqualTo("dotnet");
        assertThat(stack.framework()).isEqualTo("aspnetcore");
        assertThat(stack.runtimeVersion()).isEqualTo("8.0");
        assertThat(stack.startCommand()).isEqualTo("dotnet Api.dll");
        assertThat(stack.port()).contains(5000);
        assertThat(analysis.portDeclared()).as("Kestrel's default").isFalse();
        assertThat(stack.healthCheckPath()).contains("/healthz");
        assertThatThrownBy(() -> analyzer.analyze(repo)).hasMessageContaining("HiveMind does not deploy .NET apps");
    }

    @Test
    void aDockerfileOnlyRepositoryGivesItsCommandAndPort() {
        write(repo, "Dockerfile", "FROM alpine\nENV PORT 9000\nEXPOSE 9000\nCMD [\"/app/server\", \"--verbose\"]\n");

        TechStack stack = analyzer.describe(repo).stack().orElseThrow();

        assertThat(stack.language()).isEqualTo("docker");
        assertThat(stack.startCommand()).isEqualTo("/app/server --verbose");
        assertThat(stack.port()).contains(9000);
        assertThat(stack.evidence()).contains("port 9000 from Dockerfile ENV PORT=9000");
    }

    @Test
    void aRustAppsCargoTomlIsReadAsTomlDottedKeysInlineTablesAndMultiLineArraysIncluded() {
        // given a Cargo.toml whose dependencies are dotted keys and inline tables over several lines, with comments
        write(repo, "Cargo.toml", """
                package.name = "ledger"   # name = "decoy"
                package.rust-version = "1.78"
                [[bin]]
                name = "ledger-server"
                [dependencies]
                axum.version = "0.7"
                sqlx = { version = "0.7", features = [
                    "runtime-tokio",  # "mysql"
                    "postgres",
                ] }
                """);
        write(repo, "Rocket.toml", "[default]\naddress = \"0.0.0.0\"\n[default.limits]\nforms = 32768\n"
                + "[release]\nport = 9100\n");

        TechStack stack = analyzer.describe(repo).stack().orElseThrow();

        assertThat(stack.framework()).isEqualTo("axum");
        assertThat(stack.runtimeVersion()).isEqualTo("1.78");
        assertThat(stack.databaseType()).contains("postgresql");
        assertThat(stack.startCommand()).isEqualTo("./target/release/ledger-server");
        assertThat(stack.port()).contains(9100);
        assertThat(stack.dependencies()).containsExactly("axum", "sqlx");
        assertThat(stack.evidence()).contains("runtime_version 1.78 from Cargo.toml package.rust-version",
                "database_type postgresql from Cargo.toml sqlx features");
    }

    @Test
    void aFrameworksDefaultPortIsNotDeclaredButALiteralIs() {
        app(repo.resolve("next"), "\"scripts\": { \"build\": \"next build\", \"start\": \"next start\" }, "
                + "\"dependencies\": { \"next\": \"14\" }");
        app(repo.resolve("pinned"), "\"scripts\": { \"start\": \"next start -p 4000\" }, "
                + "\"dependencies\": { \"next\": \"14\" }");

        Analysis byDefault = analyzer.describe(repo.resolve("next"));
        Analysis pinned = analyzer.describe(repo.resolve("pinned"));

        assertThat(byDefault.stack().orElseThrow().port()).contains(3000);
        assertThat(byDefault.portDeclared()).isFalse();
        assertThat(pinned.stack().orElseThrow().port()).contains(4000);
        assertThat(pinned.portDeclared()).isTrue();
    }

    @Test
    void aMonorepoListsEveryAppWithItsPortIncludingStacksHiveMindDoesNotDeployButNotItsLibraries() {
        packageJson(repo, "\"private\": true, \"workspaces\": [\"apps/*\", \"packages/*\"]");
        app(repo.resolve("apps/web"), "\"scripts\": { \"start\": \"node server.js\" }");
        write(repo, "apps/web/server.js", "require('http').createServer().listen(process.env.PORT || 3001);\n");
        packageJson(repo.resolve("packages/ui"), "\"name\": \"ui\"");
        write(repo, "apps/legacy/Gemfile", "gem 'sinatra'\n");
        write(repo, "apps/legacy/app.rb", "require 'sinatra'\n");

        Analysis analysis = analyzer.describe(repo);

        assertThat(analysis.monorepo()).isTrue();
        assertThat(analysis.apps()).containsExactly(
                new Analysis.App("apps/legacy", "ruby", "sinatra", Optional.of(4567), false),
                new Analysis.App("apps/web", "nodejs", "none", Optional.of(3001), true));
    }

    @Test
    void aPackageOfAWorkspaceIsBuiltWithTheRootsLockFile() {
        packageJson(repo, "\"private\": true, \"workspaces\": [\"apps/*\"], \"engines\": { \"node\": \">=18\" }");
        write(repo, "yarn.lock", "");
        app(repo.resolve("apps/api"), "\"scripts\": { \"start\": \"node server.js\" }");

        TechStack alone = analyzer.describe(repo.resolve("apps/api")).stack().orElseThrow();
        TechStack inItsRepository = analyzer.describe(repo, Optional.of("apps/api")).stack().orElseThrow();

        assertThat(alone.buildTool()).isEqualTo("npm");
        assertThat(inItsRepository.buildTool()).isEqualTo("yarn");
        assertThat(inItsRepository.runtimeVersion()).isEqualTo(">=18");
        assertThat(inItsRepository.evidence()).contains("build_tool yarn from yarn.lock of the workspace root (the "
                + "app's package.json is one of its workspaces)");
    }

    @Test
    void aGoMainPackageBelowGoModIsTheAppItsDirectoryNames() {
        write(repo, "go.mod", "module example.com/mail\n\ngo 1.22\n");
        write(repo, "cmd/server/main.go", "package main\n\nimport \"net/http\"\n\nfunc main() {\n"
                + "\thttp.ListenAndServe(\":8000\", nil)\n}\n");
        write(repo, "cmd/worker/main.go", "package main\n\nfunc main() {}\n");

        TechStack stack = analyzer.describe(repo, Optional.of("cmd/worker")).stack().orElseThrow();

        assertThat(stack.language()).isEqualTo("go");
        assertThat(stack.port()).isEmpty();
        assertThat(stack.evidence()).contains("main_package ./cmd/worker: cmd/worker is the directory asked for, a "
                + "package main of the module example.com/mail whose go.mod is above it");
        assertThatThrownBy(() -> analyzer.analyze(repo.resolve("cmd/worker")))
                .hasMessageContaining("no app HiveMind can deploy");
    }
}
