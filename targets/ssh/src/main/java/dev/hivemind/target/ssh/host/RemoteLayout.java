package dev.hivemind.target.ssh.host;

import dev.hivemind.api.host.HivemindHome;
import java.nio.file.Path;

/** Where HiveMind keeps things on a host: everything under {@code /var/lib/hivemind} (0700, root). */
public final class RemoteLayout {
    public static final String ROOT = "/var/lib/hivemind";
    /** The agent's {@code HIVEMIND_HOME} on the host. */
    public static final HivemindHome HOME = new HivemindHome(Path.of(ROOT));
    public static final String AGENT_SOCKET = HOME.agentSocket().toString();
    public static final String UNIT = "hivemind-agent.service";
    public static final String UNIT_FILE = "/etc/systemd/system/" + UNIT;
    /** The command that carries standard input and output to the agent's socket (for logins through sudo). */
    public static final String BRIDGE = ROOT + "/bin/agent-bridge";
    /** The fallback supervisor's pid file, where systemd is not the init. */
    public static final String SUPERVISOR_PID = ROOT + "/agent/supervisor.pid";
    static final String PROGRAMS = ROOT + "/programs";
    static final String RUNTIMES = ROOT + "/runtimes";
    static final String STORE = ROOT + "/store";
    static final String INCOMING = ROOT + "/store/.incoming";
    /** Releases a host keeps per app; older ones are removed after a deployment. */
    public static final int KEPT_RELEASES = 5;

    private RemoteLayout() {
    }

    public static String app(String app) {
        return ROOT + "/apps/" + app;
    }

    public static String releases(String app) {
        return app(app) + "/releases";
    }

    public static String release(String app, String releaseId) {
        return releases(app) + "/" + releaseId;
    }
}
