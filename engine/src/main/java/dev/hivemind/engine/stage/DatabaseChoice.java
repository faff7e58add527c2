package dev.hivemind.engine.stage;

import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/**
 * Where the app's database comes from: none needed (or an embedded one), the {@code DATABASE_URL} the user
 * supplied, a PostgreSQL server the target runs for the app, or a server HiveMind cannot run (MySQL, MongoDB, Redis,
 * ...) with no {@code DATABASE_URL} given, which stops the deployment before anything is created.
 */
public sealed interface DatabaseChoice {
    String VARIABLE = "DATABASE_URL";
    String POSTGRESQL = "postgresql";

    /** The app needs no database server. */
    record None() implements DatabaseChoice { }

    /** The user's {@code DATABASE_URL}, described without its password. */
    record Supplied(DatabaseInfo info) implements DatabaseChoice { }

    /** The target provisions a server of this engine. */
    record Provisioned(String engine) implements DatabaseChoice { }

    /** A server HiveMind does not run, and no {@code DATABASE_URL}. */
    record Unsupported(String engine) implements DatabaseChoice {
        InvalidInputException error(String app) {
            return new InvalidInputException(Agent.PROVISIONER, "app '" + app + "' uses " + engine + ", and HiveMind "
                    + "runs only PostgreSQL itself; no " + VARIABLE + " was given", "Choosing the database of "
                    + app, "Supply the " + engine + " server's address: --env " + VARIABLE + "=... or env: "
                    + VARIABLE + " in hivemind.yaml (a ${VAR} or {file: ...} value keeps the password out of it)");
        }
    }

    static DatabaseChoice of(TechStack stack, Map<String, String> environment) {
        if (environment.containsKey(VARIABLE)) {
            return new Supplied(describe(environment.get(VARIABLE)));
        }
        if (!stack.databaseNeedsServer()) {
            return new None();
        }
        String engine = stack.databaseType().orElseThrow();
        return engine.equals(POSTGRESQL) ? new Provisioned(engine) : new Unsupported(engine);
    }

    /**
     * What may be recorded of a {@code DATABASE_URL}: scheme, host, port, database and user, never the password.
     *
     * @throws InvalidInputException when it is not a URL with a host (quoting it without its password)
     */
    static DatabaseInfo describe(String url) {
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw notUrl(url);
            }
            String engine = uri.getScheme().equals("postgres") ? POSTGRESQL : uri.getScheme();
            String user = Optional.ofNullable(uri.getUserInfo()).map(info -> info.split(":", 2)[0]).orElse("");
            String database = Optional.ofNullable(uri.getPath()).map(path -> path.replaceFirst("^/", "")).orElse("");
            return new DatabaseInfo(engine, false, uri.getHost(), uri.getPort(), database, user, Optional.empty(),
                    Optional.empty(), Optional.empty());
        } catch (URISyntaxException e) {
            throw notUrl(url);
        }
    }

    private static InvalidInputException notUrl(String url) {
        String shown = url.replaceAll("://([^:/@]*):[^@]*@", "://$1:***@");
        return new InvalidInputException(Agent.PROVISIONER, VARIABLE + " '" + shown + "' is not a URL with a host",
                "Reading the app's " + VARIABLE, "Write it as scheme://user:password@host:port/database, e.g. "
                + "postgresql://shop:secret@db.internal:5432/shop (percent-encode special characters)");
    }
}
