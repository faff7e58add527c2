package dev.hivemind.api.host;

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
}
