package dev.hivemind.target.local;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** The {@code DATABASE_URL} of a PostgreSQL database, as libpq, node-postgres, psycopg and SQLAlchemy read it. */
public final class DatabaseUrl {
    private DatabaseUrl() {
    }

    /** {@code postgresql://role:password@host:port/database}, each part percent-encoded where it must be. */
    public static String postgres(String role, String password, String host, int port, String database) {
        return "postgresql://" + encode(role) + ":" + encode(password) + "@" + host + ":" + port + "/"
                + encode(database);
    }

    private static String encode(String part) {
        return URLEncoder.encode(part, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
