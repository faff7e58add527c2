package dev.hivemind.analyzer.stack.undeployed;

import dev.hivemind.analyzer.stack.Finding;
import dev.hivemind.analyzer.stack.PortSources;
import dev.hivemind.analyzer.stack.ProjectFiles;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
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
    private static final Pattern DEPENDENCY = Pattern.compile("(?m)^\\s*(?:\\[dependencies\\.)?([\\w-]+)(?:\\s*]|\\s*=)");
    private static final Pattern NAME = Pattern.compile("(?m)^\\s*name\\s*=\\s*\"([\\w-]+)\"");
    private static final Pattern RUST_VERSION = Pattern.compile("(?m)^\\s*rust-version\\s*=\\s*\"([\\w.]+)\"");
    private static final Pattern CHANNEL = Pattern.compile("(?m)^\\s*channel\\s*=\\s*\"([\\w.-]+)\"");
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
        String cargo = ProjectFiles.read(directory.resolve("Cargo.toml")).orElse("");
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

    private static List<String> crates(String cargo) {
        List<String> crates = new ArrayList<>();
        String dependencies = section(cargo);
        Matcher matcher = DEPENDENCY.matcher(dependencies);
        while (matcher.find()) {
            if (!crates.contains(matcher.group(1)) && !List.of("version", "features", "default-features",
                    "optional", "path", "git").contains(matcher.group(1))) {
                crates.add(matcher.group(1));
            }
        }
        return crates;
    }

    /** The {@code [dependencies]} table and the {@code [dependencies.name]} tables. */
    private static String section(String cargo) {
        StringBuilder out = new StringBuilder();
        boolean inside = false;
        for (String line : cargo.split("\\R")) {
            String stripped = line.strip();
            if (stripped.startsWith("[")) {
                inside = stripped.equals("[dependencies]") || stripped.startsWith("[dependencies.");
                if (stripped.startsWith("[dependencies.")) {
                    out.append(stripped).append('\n');
                }
                continue;
            }
            if (inside) {
                out.append(line).append('\n');
            }
        }
        return out.toString();
    }

    private static Finding runtime(Path directory, String cargo) {
        return Description.find(directory, "rust-toolchain.toml", CHANNEL)
                .map(found -> new Finding(found.value(), "runtime_version " + found.value() + " from "
                        + found.where() + " channel"))
                .or(() -> ProjectFiles.read(directory.resolve("rust-toolchain")).map(String::strip)
                        .filter(text -> !text.isEmpty() && !text.contains("["))
                        .map(version -> new Finding(version, "runtime_version " + version + " from rust-toolchain")))
                .or(() -> Optional.of(RUST_VERSION.matcher(cargo)).filter(Matcher::find)
                        .map(matcher -> new Finding(matcher.group(1), "runtime_version " + matcher.group(1)
                                + " from Cargo.toml rust-version")))
                .orElseGet(() -> new Finding("stable", "runtime_version stable: no rust-toolchain file or "
                        + "rust-version names one, so rustup's stable toolchain builds it"));
    }

    /** The driver crates; sqlx and diesel by the database features they are built with. */
    private static Optional<Finding> database(String cargo, List<String> crates) {
        for (String orm : List.of("sqlx", "diesel", "sea-orm")) {
            if (crates.contains(orm)) {
                Optional<String> feature = features(cargo, orm).stream().map(RustApp::featureDatabase)
                        .flatMap(Optional::stream).findFirst();
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

    /** The features of {@code crate}, inline ({@code sqlx = { features = [...] }}) or in its own table. */
    private static List<String> features(String cargo, String crate) {
        Matcher declaration = Pattern.compile("(?ms)^\\s*(?:" + Pattern.quote(crate) + "\\s*=\\s*\\{[^}]*|\\[dependencies\\."
                + Pattern.quote(crate) + "]\\s*\\n(?:(?!\\n\\s*\\[).)*)").matcher(cargo);
        List<String> features = new ArrayList<>();
        if (declaration.find()) {
            Matcher list = Pattern.compile("features\\s*=\\s*\\[([^\\]]*)]").matcher(declaration.group());
            if (list.find()) {
                Matcher quoted = Pattern.compile("\"([\\w-]+)\"").matcher(list.group(1));
                while (quoted.find()) {
                    features.add(quoted.group(1));
                }
            }
        }
        return features;
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
    private static String binary(String cargo) {
        int bin = cargo.indexOf("[[bin]]");
        if (bin >= 0) {
            Matcher name = NAME.matcher(cargo.substring(bin));
            if (name.find()) {
                return name.group(1);
            }
        }
        Matcher name = NAME.matcher(cargo);
        return name.find() ? name.group(1) : "app";
    }

    private static Optional<Finding> configPort(Path directory) {
        for (String file : CONFIG_FILES) {
            Optional<Description.Located> found = Description.find(directory, file, CONFIG_PORT);
            if (found.isPresent()) {
                return Optional.of(PortSources.declaredAt(Integer.parseInt(found.get().value()), found.get().where()
                        + " port"));
            }
        }
        return Optional.empty();
    }
}
