package dev.hivemind.runtime.agent;

import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * What an agent standing by does before it waits: it starts a whole agent once on a scratch home — an app's proxy on
 * a free port, a request through it, the API on its socket — and stops it, and reads the real {@code desired.json}.
 * Every class the takeover needs is then loaded and linked, so the takeover itself (restore, proxies listening) takes
 * a fraction of what a fresh JVM needs. Nothing of the real home is touched but reading that file.
 */
final class AgentRehearsal {
    private static final System.Logger LOG = System.getLogger(AgentRehearsal.class.getName());
    private static final String APP = "rehearsal";

    private AgentRehearsal() {
    }

    /** Rehearses; a rehearsal that fails only makes the takeover slower, so it is logged and otherwise ignored. */
    static void run(HivemindHome home) {
        Path scratch = null;
        try {
            scratch = Files.createTempDirectory("hivemind-standby-");
            rehearse(new HivemindHome(scratch));
            new DesiredStateStore(home.agent().resolve("desired.json")).load();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "the standby agent's rehearsal failed: " + e);
        } finally {
            if (scratch != null) {
                try {
                    PrivateFiles.deleteTree(scratch);
                } catch (IOException e) {
                    LOG.log(System.Logger.Level.DEBUG, "cannot remove " + scratch + ": " + e.getMessage());
                }
            }
        }
    }

    private static void rehearse(HivemindHome scratch) throws IOException {
        AgentFiles.directory(scratch.agent());
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        new DesiredStateStore(scratch.agent().resolve("desired.json")).save(new DesiredState(
                DesiredState.SCHEMA_VERSION, Map.of(APP, new DesiredState.DesiredApp(port, "127.0.0.1",
                Optional.empty(), Map.of()))));
        AgentLock lock = AgentLock.tryTake(scratch).orElseThrow();
        try (HostAgent agent = HostAgent.start(scratch, AgentSettings.defaults(), lock, false)) {
            agent.proxyPort(APP).ifPresent(AgentRehearsal::request);
        }
    }

    /** One request through the rehearsal's proxy, which has no release to route to (it answers 503 itself). */
    private static void request(int port) {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write("GET / HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            in.readAllBytes();
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "the rehearsal's request failed: " + e.getMessage());
        }
    }
}
