package dev.hivemind.api.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * The layout of {@code HIVEMIND_HOME} (default {@code ~/.hivemind}, always absolute):
 * <pre>
 * deployments/&lt;id&gt;/state.json, logs.txt, journal.md, env, artifacts/, source/
 * apps/&lt;app&gt;/lock
 * agent/agent.sock, desired.json, agent.log, instances/
 * cache/repos/&lt;host-path&gt;-&lt;hash&gt;/   one bare clone per repository URL, and its .lock
 * cache/builds/&lt;app&gt;-&lt;language&gt;/&lt;key&gt;/   cached build artifacts
 * cache/go/build, cache/go/gopath   the go command's GOCACHE and GOPATH (module cache)
 * </pre>
 * Directories are 0700 and files 0600.
 */
public record HivemindHome(Path root) {

    public HivemindHome {
        root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    }

    /** {@code HIVEMIND_HOME} from the environment, else {@code ~/.hivemind}. */
    public static HivemindHome fromEnvironment(Map<String, String> environment) {
        String configured = environment.get("HIVEMIND_HOME");
        if (configured != null && !configured.isBlank()) {
            return new HivemindHome(Path.of(configured));
        }
        return new HivemindHome(Path.of(System.getProperty("user.home"), ".hivemind"));
    }

    public Path deployments() {
        return root.resolve("deployments");
    }

    public Path deployment(String deploymentId) {
        return deployments().resolve(deploymentId);
    }

    public Path apps() {
        return root.resolve("apps");
    }

    public Path app(String app) {
        return apps().resolve(app);
    }

    public Path agent() {
        return root.resolve("agent");
    }

    public Path agentSocket() {
        return agent().resolve("agent.sock");
    }

    /** The host certificate the agent's edge proxies serve HTTPS with (PEM; its key is beside it, 0600). */
    public Path tlsCertificate() {
        return agent().resolve("tls").resolve("host.crt");
    }

    public Path cache() {
        return root.resolve("cache");
    }

    /**
     * The error for a home HiveMind cannot use, e.g. one it may not read, or a file where the directory should be:
     * said as such (exit 2), never taken for an empty home.
     *
     * @param doing what failed, e.g. {@code "list the deployments in"}
     * @param path  the path it failed on
     */
    public InvalidInputException unusable(Agent agent, String doing, Path path, IOException cause) {
        String why = Files.exists(root) && !Files.isDirectory(root) ? root + " is a file, not a directory"
                : "cannot " + doing + " " + path + ": " + (cause instanceof AccessDeniedException ? "permission denied"
                : cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " (" + cause.getMessage() + ")"));
        return new InvalidInputException(agent, "HIVEMIND_HOME " + root + " cannot be used: " + why,
                "Using HiveMind's home " + root + " (HIVEMIND_HOME, default ~/.hivemind)", "Point HIVEMIND_HOME at a "
                + "directory of your own (e.g. export HIVEMIND_HOME=$HOME/.hivemind), or make this one yours: "
                + "ls -ld " + root + "; chown -R $(id -un) " + root + " && chmod 700 " + root, cause);
    }
}
