package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ListenerAuditTest {

    @Test
    void parsesIpv4RowsOfProcNetTcp() {
        ListenerAudit.Listener listener = ListenerAudit.parse("0100007F:1F90");

        assertThat(listener.address().getHostAddress()).isEqualTo("127.0.0.1");
        assertThat(listener.port()).isEqualTo(8080);
        assertThat(listener.loopback()).isTrue();
    }

    @Test
    void parsesIpv6RowsOfProcNetTcp6() {
        ListenerAudit.Listener loopback = ListenerAudit.parse("00000000000000000000000001000000:0BB8");
        ListenerAudit.Listener any = ListenerAudit.parse("00000000000000000000000000000000:0050");

        assertThat(loopback.loopback()).isTrue();
        assertThat(loopback.port()).isEqualTo(3000);
        assertThat(any.loopback()).isFalse();
        assertThat(any.toString()).isEqualTo("[0:0:0:0:0:0:0:0]:80");
    }

    @Test
    void findsTheListeningSocketsOfARealProcessGroup() throws Exception {
        Process app = new ProcessBuilder("setsid", "node", "-e",
                "require('http').createServer(()=>{}).listen(0,'127.0.0.1',()=>console.log('up'))")
                .redirectErrorStream(true).start();
        try {
            app.inputReader().readLine();

            var listeners = new ListenerAudit(Path.of("/proc")).listenersOfGroup(app.pid());

            assertThat(listeners).hasSize(1);
            assertThat(listeners.get(0).loopback()).isTrue();
        } finally {
            app.destroyForcibly().waitFor();
        }
    }

    @Test
    void seesAListenerOnEveryInterfaceAsNotLoopback() throws IOException {
        try (ServerSocket open = new ServerSocket()) {
            open.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), 0));
            // the test JVM is not a group leader under Maven: audit the group it belongs to
            String stat = java.nio.file.Files.readString(Path.of("/proc/self/stat"));
            long ownGroup = Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);

            var listeners = new ListenerAudit(Path.of("/proc")).listenersOfGroup(ownGroup);

            assertThat(listeners).anyMatch(l -> l.port() == open.getLocalPort() && !l.loopback());
        }
    }
}
