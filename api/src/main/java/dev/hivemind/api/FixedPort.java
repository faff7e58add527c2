package dev.hivemind.api;

import java.util.Objects;

/**
 * An app that listens on a port of its own whatever {@code PORT} says, as its code or start command shows: a NestJS
 * {@code main.ts} with {@code listen(3000)}, a Go constant, a Procfile's {@code --bind 0.0.0.0:8000} without
 * {@code $PORT}. Its instances cannot each get a port of their own; the target runs them where that port is free
 * (a network namespace each) or one at a time.
 *
 * @param port     the port
 * @param evidence the file and line that hard-code it, e.g. {@code port 3000 from src/main.ts line 8 (await
 *                 app.listen(3000))}
 */
public record FixedPort(int port, String evidence) {

    public FixedPort {
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 1 and 65535: " + port);
        }
        Objects.requireNonNull(evidence, "evidence");
    }
}
