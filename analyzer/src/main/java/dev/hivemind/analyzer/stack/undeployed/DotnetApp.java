package dev.hivemind.analyzer.stack.undeployed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.TechStack;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a .NET project says: its project file ({@code .csproj}, {@code .fsproj}) gives the SDK (ASP.NET Core with
 * {@code Microsoft.NET.Sdk.Web}), the target framework ({@code net8.0} is runtime 8.0) and the packages (Npgsql,
 * Pomelo MySQL, SQLite, MongoDB, Redis clients); the port comes, in the order of trust, from appsettings.json
 * {@code Urls}, the code ({@code app.Run("http://0.0.0.0:5000")}), {@code Properties/launchSettings.json} (what
 * {@code dotnet run} uses), the Dockerfile ({@code ASPNETCORE_HTTP_PORTS}, {@code ASPNETCORE_URLS}), then Kestrel's
 * default 5000.
 */
final class DotnetApp {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern TARGET = Pattern.compile("<TargetFramework>\\s*net(\\d+\\.\\d+)");
    private static final Pattern ASSEMBLY = Pattern.compile("<AssemblyName>\\s*([\\w.-]+)\\s*</AssemblyName>");
    private static final Pattern PACKAGE = Pattern.compile("<PackageReference\\s+Include=\"([\\w.-]+)\"");
    private static final Pattern SDK_WEB = Pattern.compile("Sdk\\s*=\\s*\"Microsoft\\.NET\\.Sdk\\.Web\"");
    private static final Pattern URL_PORT = Pattern.compile("https?://[^:;\\s\"]+:(\\d{2,5})");
    private static final List<Pattern> CODE_PORTS = List.of(
            Pattern.compile("\\.(?:Run|UseUrls)\\(\\s*\"https?://[^:\"]+:(?<port>\\d{2,5})"),
            Pattern.compile("Listen(?:Any|Localhost)?IP\\(\\s*(?<port>\\d{2,5})"));
    private static final Map<String, String> DRIVERS = Description.inOrder(
            "Npgsql", "postgresql", "Pomelo.EntityFrameworkCore.MySql", "mysql", "MySqlConnector", "mysql",
            "MySql.Data", "mysql", "MongoDB.Driver", "mongodb", "StackExchange.Redis", "redis",
            "Microsoft.EntityFrameworkCore.Sqlite", "sqlite", "Microsoft.Data.Sqlite", "sqlite");

    private DotnetApp() {
    }

    /** The first project file at the top of {@code directory}: a .csproj, else a .fsproj. */
    static Optional<String> projectFile(Path directory) {
        for (String suffix : List.of(".csproj", ".fsproj")) {
            Optional<String> found = ProjectFiles.find(directory, 0, 1, file -> file.getFileName().toString()
                    .endsWith(suffix)).stream().map(file -> file.getFileName().toString()).findFirst();
            if (found.isPresent()) {
                return found;
            }
        }
        return Optional.empty();
    }

    static TechStack describe(Path directory) {
        String projectFile = projectFile(directory).orElse("");
        String project = ProjectFiles.read(directory.resolve(projectFile)).orElse("");
        List<String> packages = packages(project);
        boolean web = SDK_WEB.matcher(project).find();
        String assembly = Optional.of(ASSEMBLY.matcher(project)).filter(Matcher::find).map(m -> m.group(1))
                .orElse(projectFile.replaceFirst("\\.[cf]sproj$", ""));
        return new Description("dotnet", projectFile.isEmpty() ? "the solution file" : projectFile)
                .framework(web ? new Finding("aspnetcore", "framework aspnetcore from " + projectFile
                        + " Sdk=\"Microsoft.NET.Sdk.Web\"") : new Finding("none", "framework none: " + projectFile
                        + " does not use the Web SDK"))
                .runtime(runtime(directory, projectFile, project))
                .buildTool(new Finding("dotnet", "build_tool dotnet from " + projectFile + " (dotnet publish)"))
                .database(database(projectFile, packages), "requires_database false: " + projectFile
                        + " references no database provider (Npgsql, Pomelo MySQL, MySqlConnector, SQLite, MongoDB, "
                        + "StackExchange.Redis)")
                .start(new Finding("dotnet " + assembly + ".dll", "start_command 'dotnet " + assembly + ".dll' runs "
                        + "the assembly dotnet publish makes of " + projectFile))
                .port(port(directory, web), "port none: no Urls setting, Run(url), launch profile or Dockerfile names "
                        + "one")
                .health(Description.health(directory, List.of("Program.cs"), file -> file.toString().endsWith(".cs")))
                .dependencies(packages)
                .stack();
    }

    private static List<String> packages(String project) {
        List<String> packages = new ArrayList<>();
        Matcher matcher = PACKAGE.matcher(project);
        while (matcher.find()) {
            packages.add(matcher.group(1));
        }
        return packages;
    }

    private static Finding runtime(Path directory, String projectFile, String project) {
        Matcher target = TARGET.matcher(project);
        if (target.find()) {
            return new Finding(target.group(1), "runtime_version " + target.group(1) + " from " + projectFile
                    + " TargetFramework net" + target.group(1));
        }
        return json(directory, "global.json").map(global -> global.path("sdk").path("version").asText(""))
                .filter(version -> version.matches("\\d+\\.\\d+.*"))
                .map(version -> version.replaceFirst("^(\\d+\\.\\d+).*$", "$1"))
                .map(version -> new Finding(version, "runtime_version " + version + " from global.json sdk.version"))
                .orElseGet(() -> new Finding("8.0", "runtime_version 8.0 is the default: no TargetFramework or "
                        + "global.json names one"));
    }

    private static Optional<Finding> database(String projectFile, List<String> packages) {
        for (Map.Entry<String, String> driver : DRIVERS.entrySet()) {
            Optional<String> found = packages.stream().filter(name -> name.startsWith(driver.getKey())).findFirst();
            if (found.isPresent()) {
                return Optional.of(new Finding(driver.getValue(), "database_type " + driver.getValue() + " from "
                        + projectFile + " PackageReference " + found.get()));
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> port(Path directory, boolean web) {
        return Description.first(
                () -> json(directory, "appsettings.json").flatMap(settings -> urlPort(settings.path("Urls").asText(""),
                        "appsettings.json Urls")),
                () -> Description.portInCode(directory, file -> file.toString().endsWith(".cs"), CODE_PORTS),
                () -> json(directory, "Properties/launchSettings.json").flatMap(DotnetApp::launchProfilePort),
                () -> PortSources.inDockerfile(directory, List.of("ASPNETCORE_HTTP_PORTS", "ASPNETCORE_URLS",
                        "PORT")),
                () -> web ? Optional.of(PortSources.frameworkDefault(5000, "Kestrel")) : Optional.empty());
    }

    /** The http URL of the first profile that has one: what {@code dotnet run} listens on. */
    private static Optional<Finding> launchProfilePort(JsonNode settings) {
        for (Map.Entry<String, JsonNode> profile : settings.path("profiles").properties()) {
            String urls = profile.getValue().path("applicationUrl").asText("");
            for (String url : urls.split(";")) {
                if (url.startsWith("http://")) {
                    Optional<Finding> found = urlPort(url, "Properties/launchSettings.json profiles."
                            + profile.getKey() + ".applicationUrl");
                    if (found.isPresent()) {
                        return found;
                    }
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> urlPort(String url, String source) {
        Matcher matcher = URL_PORT.matcher(url);
        return matcher.find() ? Optional.of(PortSources.declaredAt(Integer.parseInt(matcher.group(1)), source + " ("
                + url + ")")) : Optional.empty();
    }

    private static Optional<JsonNode> json(Path directory, String file) {
        try {
            Optional<String> text = ProjectFiles.read(directory.resolve(file));
            return text.isPresent() ? Optional.of(JSON.readTree(text.get())) : Optional.empty();
        } catch (IOException malformed) {
            return Optional.empty();
        }
    }

}
