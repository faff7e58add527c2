package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.analyzer.stack.TomlFile;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a Rust app's Cargo.toml and sources say: the web framework among the dependencies, the toolchain
 * ({@code rust-toolchain.toml}, {@code rust-toolchain}, {@code rust-version}; else {@code stable}), the database from
 * the driver crates and sqlx's or diesel's features, the port from a configuration file
 * ({@code configuration/base.yaml}, {@code config/*.toml}), the code ({@code bind("0.0.0.0:3000")}), the Dockerfile,
 * and the binary {@code cargo build --release} makes.
 */
final class RustApp {
    private static final Map<String, String> DRIVERS = Description.inOrder(
            "tokio-postgres", "postgresql", "postgres", "postgresql", "mysql", "mysql", "mysql_async", "mysql",
            "mongodb", "mongodb", "rusqlite", "sqlite", "redis", "redis");
    private static final List<String> FRAMEWORKS = List.of("actix-web", "axum", "rocket", "warp", "poem", "tide");
    private static final Pattern CONFIG_PORT = Pattern.compile("(?m)^\\s*port\\s*[:=]\\s*[\"']?(\\d{2,5})");
    private static final List<Pattern> CODE_PORTS = List.of(
            Pattern.compile("bind\\(\\s*&?\"[^\"]*:(?<port>\\d{2,5})\""),
            Pattern.compile("bind\\(\\s*\\(\\s*\"[^\"]*\"\\s*,\\s*(?<port>\\d{2,5})\\s*\\)"),
            Pattern.compile("SocketAddr::from\\(\\s*\\(\\s*\\[[\\d,\\s]+]\\s*,\\s*(?<port>\\d{2,5})\\s*\\)"),
            Pattern.compile("\"PORT\"\\)[^;]*unwrap_or(?:_else)?\\([^\"]*\"(?<port>\\d{2,5})\""));
    private static final List<String> CONFIG_FILES = List.of("configuration/base.yaml", "configuration/base.yml",
            "config/default.toml", "config/base.toml", "config.toml", "Rocket.toml", "config.yaml");

    private RustApp() {
    }

    static TechStack describe(Path directory) {
        TomlFile cargo = TomlFile.readOrEmpty(directory.resolve("Cargo.toml"));
        List<String> crates = crates(cargo);
        Finding framework = FRAMEWORKS.stream().filter(crates::contains).findFirst()
                .map(name -> new Finding(name, "framework " + name + " from Cargo.toml dependencies." + name))
                .orElseGet(() -> new Finding("none", "framework none: Cargo.toml depends on none of " + FRAMEWORKS));
        String binary = binary(cargo);
        return new Description("rust", "Cargo.toml")
                .framework(framework)
                .runtime(runtime(directory, cargo))
                .buildTool(new Finding("cargo", "build_tool cargo from Cargo.toml (cargo build --release)"))
                .database(database(cargo, crates), "requires_database false: Cargo.toml has no database driver "
                        + "(sqlx, diesel, tokio-postgres, postgres, mysql, rusqlite, mongodb, redis)")
                .start(new Finding("./target/release/" + binary, "start_command './target/release/" + binary
                        + "' runs the binary cargo build --release makes of " + binary))
                .port(Description.first(() -> configPort(directory),
                        () -> Description.portInCode(directory, file -> file.toString().endsWith(".rs"), CODE_PORTS),
                        () -> PortSources.inDockerfile(directory, List.of("PORT"))),
                        "port none: no configuration file, bind(...) literal or Dockerfile names one")
                .health(Description.health(directory, List.of("src/main.rs"), file -> file.toString().endsWith(".rs")))
                .dependencies(crates)
                .stack();
    }

    /** The crates of {@code [dependencies]}, however declared (a version string, an inline table, a table). */
    private static List<String> crates(TomlFile cargo) {
        return cargo.keys("dependencies");
    }

    private static Finding runtime(Path directory, TomlFile cargo) {
        return TomlFile.readOrEmpty(directory.resolve("rust-toolchain.toml")).string("toolchain", "channel")
                .map(channel -> new Finding(channel, "runtime_version " + channel
                        + " from rust-toolchain.toml toolchain.channel"))
                .or(() -> ProjectFiles.read(directory.resolve("rust-toolchain")).map(String::strip)
                        .filter(text -> !text.isEmpty() && !text.contains("["))
                        .map(version -> new Finding(version, "runtime_version " + version + " from rust-toolchain")))
                .or(() -> cargo.string("package", "rust-version")
                        .map(version -> new Finding(version, "runtime_version " + version
                                + " from Cargo.toml package.rust-version")))
                .orElseGet(() -> new Finding("stable", "runtime_version stable: no rust-toolchain file or "
                        + "rust-version names one, so rustup's stable toolchain builds it"));
    }

    /** The driver crates; sqlx and diesel by the database features they are built with. */
    private static Optional<Finding> database(TomlFile cargo, List<String> crates) {
        for (String orm : List.of("sqlx", "diesel", "sea-orm")) {
            if (crates.contains(orm)) {
                Optional<String> feature = cargo.strings("dependencies", orm, "features").stream()
                        .map(RustApp::featureDatabase).flatMap(Optional::stream).findFirst();
                if (feature.isPresent()) {
                    return Optional.of(new Finding(feature.get(), "database_type " + feature.get() + " from "
                            + "Cargo.toml " + orm + " features"));
                }
            }
        }
        return DRIVERS.entrySet().stream().filter(entry -> crates.contains(entry.getKey())).findFirst()
                .map(entry -> new Finding(entry.getValue(), "database_type " + entry.getValue()
                        + " from Cargo.toml dependencies." + entry.getKey()));
    }

    private static Optional<String> featureDatabase(String feature) {
        return switch (feature) {
            case "postgres", "sqlx-postgres" -> Optional.of("postgresql");
            case "mysql", "sqlx-mysql" -> Optional.of("mysql");
            case "sqlite", "sqlx-sqlite" -> Optional.of("sqlite");
            default -> Optional.empty();
        };
    }

    /** The first {@code [[bin]]} name, else the package's name. */
    private static String binary(TomlFile cargo) {
        return cargo.tables("bin").stream().flatMap(bin -> bin.string("name").stream()).findFirst()
                .or(() -> cargo.string("package", "name")).orElse("app");
    }

    private static Optional<Finding> configPort(Path directory) {
        for (String file : CONFIG_FILES) {
            Optional<Description.Located> found = file.endsWith(".toml") ? tomlPort(directory, file)
                    : Description.find(directory, file, CONFIG_PORT);
            if (found.isPresent()) {
                return Optional.of(PortSources.declaredAt(Integer.parseInt(found.get().value()), found.get().where()
                        + " port"));
            }
        }
        return Optional.empty();
    }

    /** The first integer {@code port} key of a TOML configuration file, e.g. Rocket.toml's {@code default.port}. */
    private static Optional<Description.Located> tomlPort(Path directory, String file) {
        return TomlFile.readOrEmpty(directory.resolve(file)).firstInteger("port")
                .map(port -> new Description.Located(port.getValue().toString(), file + " " + port.getKey()));
    }
}
