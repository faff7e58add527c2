package dev.hivemind.analyzer.stack;

import dev.hivemind.api.FixedPort;
import java.util.Optional;

/**
 * One detected answer and the evidence line saying where it came from.
 *
 * @param value    the answer, e.g. {@code 20}
 * @param evidence e.g. {@code runtime_version 20 from package.json engines.node}
 * @param pinned   for a port: the app listens there whatever {@code PORT} says (a literal in its code or start
 *                 command, and nothing reads {@code PORT})
 */
public record Finding(String value, String evidence, boolean pinned) {

    public Finding(String value, String evidence) {
        this(value, evidence, false);
    }

    /** The port this finding pins the app to, with its evidence; empty unless {@link #pinned}. */
    public Optional<FixedPort> fixedPort() {
        return pinned ? Optional.of(new FixedPort(Integer.parseInt(value), evidence)) : Optional.empty();
    }
}
