package dev.hivemind.analyzer;

import dev.hivemind.analyzer.stack.node.PackageJson;
import dev.hivemind.analyzer.stack.python.PythonStartCommand;
import dev.hivemind.api.TechStack;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The database migration command a repository implies, run before each release starts: a package.json
 * {@code migrate} script ({@code npm run migrate}), Prisma ({@code npx prisma migrate deploy}), Knex
 * ({@code npx knex migrate:latest}), Django ({@code python manage.py migrate --noinput}) or Alembic
 * ({@code alembic upgrade head}), Python's in the app's virtual environment. {@code hivemind.yaml}'s {@code migrate}
 * replaces it.
 */
final class MigrationCommand {
    private static final List<String> KNEXFILES = List.of("knexfile.js", "knexfile.ts", "knexfile.cjs", "knexfile.mjs");

    private MigrationCommand() {
    }

    /** A command and the evidence line that names where it came from. */
    record Detected(String command, String because) { }

    static TechStack apply(Path directory, TechStack stack) {
        return detect(directory, stack).map(found -> stack.withMigrateCommand(found.command(), found.because()))
                .orElse(stack);
    }

    static Optional<Detected> detect(Path directory, TechStack stack) {
        return switch (stack.language()) {
            case "nodejs" -> node(directory, stack);
            case "python" -> python(directory, stack);
            default -> Optional.empty();
        };
    }

    private static Optional<Detected> node(Path directory, TechStack stack) {
        Path packageJson = directory.resolve("package.json");
        if (Files.isRegularFile(packageJson) && PackageJson.read(directory).script("migrate").isPresent()) {
            return found("npm run migrate", "package.json scripts.migrate");
        }
        if (uses(stack, "prisma", "@prisma/client") && Files.isRegularFile(directory.resolve("prisma/schema.prisma"))) {
            return found("npx prisma migrate deploy", "prisma/schema.prisma and prisma in package.json");
        }
        Optional<String> knexfile = KNEXFILES.stream().filter(name -> Files.isRegularFile(directory.resolve(name)))
                .findFirst();
        if (uses(stack, "knex") && knexfile.isPresent()) {
            return found("npx knex migrate:latest", knexfile.get() + " and knex in package.json");
        }
        return Optional.empty();
    }

    private static Optional<Detected> python(Path directory, TechStack stack) {
        if (uses(stack, "django") && Files.isRegularFile(directory.resolve("manage.py"))) {
            return found(PythonStartCommand.VENV_PREFIX + "python manage.py migrate --noinput",
                    "manage.py and the django dependency");
        }
        if (Files.isRegularFile(directory.resolve("alembic.ini"))) {
            return found(PythonStartCommand.VENV_PREFIX + "alembic upgrade head", "alembic.ini");
        }
        return Optional.empty();
    }

    private static boolean uses(TechStack stack, String... names) {
        return stack.dependencies().stream().anyMatch(dependency -> List.of(names).contains(dependency.toLowerCase(
                java.util.Locale.ROOT)));
    }

    private static Optional<Detected> found(String command, String source) {
        return Optional.of(new Detected(command, "migrate_command '" + command + "' from " + source));
    }
}
