package dev.hivemind.target.ssh.host;

import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.List;
import java.util.stream.Collectors;

/**
 * How the agent is kept running on a host: the systemd unit where systemd is the init, else a shell loop that
 * starts it again within a fraction of a second after it dies, for as long as its "on" file exists.
 */
public final class AgentService {
    static final String SUPERVISOR_ON = RemoteLayout.ROOT + "/agent/supervise.on";
    static final String LOG = RemoteLayout.ROOT + "/agent/agent.log";

    private AgentService() {
    }

    /**
     * The unit: the agent as root (it starts, stops and adopts the apps' processes), its instances left running
     * when the agent alone restarts ({@code KillMode=process}: a new agent adopts them), and the unit's cgroup
     * delegated to it ({@code Delegate=yes}) so it may give each app a cgroup of its own with its limits.
     */
    static String unit(List<String> command) {
        return String.join("\n",
                "# Written by HiveMind: the host agent that runs this host's apps behind their edge proxies.",
                "[Unit]",
                "Description=HiveMind host agent",
                "After=network-online.target",
                "Wants=network-online.target",
                "StartLimitIntervalSec=0",
                "",
                "[Service]",
                "Type=simple",
                "Environment=HIVEMIND_HOME=" + RemoteLayout.ROOT,
                "UMask=0077",
                "ExecStart=" + command.stream().map(AgentService::unitWord).collect(Collectors.joining(" ")),
                "Restart=always",
                "RestartSec=200ms",
                "KillMode=process",
                "Delegate=yes",
                "TimeoutStopSec=60",
                "LimitNOFILE=65536",
                "",
                "[Install]",
                "WantedBy=multi-user.target",
                "");
    }

    /** The fallback supervisor's script: restarts the agent until {@link #SUPERVISOR_ON} is removed. */
    static String supervisor(List<String> command) {
        String agent = command.stream().map(RemoteShell::quote).collect(Collectors.joining(" "));
        return String.join("\n",
                "#!/bin/sh",
                "# Written by HiveMind: keeps the host agent running where systemd is not the init.",
                "echo $$ > " + RemoteLayout.SUPERVISOR_PID,
                "umask 077",
                "export HIVEMIND_HOME=" + RemoteLayout.ROOT,
                "while [ -f " + SUPERVISOR_ON + " ]; do",
                "  " + agent + " >> " + LOG + " 2>&1",
                "  sleep 0.2",
                "done",
                "");
    }

    /** Stops the fallback supervisor and its agent, if they run. */
    static String stopSupervisor() {
        return "rm -f " + SUPERVISOR_ON + "; if [ -f " + RemoteLayout.SUPERVISOR_PID + " ]; then "
                + "kill \"$(cat " + RemoteLayout.SUPERVISOR_PID + ")\" 2>/dev/null; rm -f " + RemoteLayout.SUPERVISOR_PID
                + "; fi; if [ -f " + RemoteLayout.ROOT + "/agent/agent.pid ]; then kill \"$(cat " + RemoteLayout.ROOT
                + "/agent/agent.pid)\" 2>/dev/null; fi; true";
    }

    /** A word of ExecStart: systemd splits on spaces and reads quotes and backslashes like a shell. */
    private static String unitWord(String word) {
        return word.matches("[A-Za-z0-9_./=:,+@-]+") ? word : "\"" + word.replace("\\", "\\\\").replace("\"", "\\\"")
                .replace("%", "%%") + "\"";
    }
}
