package dev.hivemind.runtime.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.runtime.client.Listener;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListeningSocketsTest {
    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid"
            + "  timeout inode\n";

    @Test
    void readsTheListeningSocketsOfATableByInodeAndLeavesTheOthersOut(@TempDir Path proc) throws Exception {
        // given a tcp table with a listener on 127.0.0.1:3000, one on 0.0.0.0:8080 and an established connection
        Path table = Files.writeString(proc.resolve("tcp"), HEADER
                + "   0: 0100007F:0BB8 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 111 1\n"
                + "   1: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 222 1\n"
                + "   2: 0100007F:0BB8 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 333 1\n");

        // then only the two listeners are read, with their addresses and ports
        assertThat(ListeningSockets.listeningIn(table)).containsExactly(
                java.util.Map.entry(111L, new Listener("127.0.0.1", 3000)),
                java.util.Map.entry(222L, new Listener("0.0.0.0", 8080)));
    }

    @Test
    void decodesIpv6AddressesInTheKernelsWordOrder() {
        assertThat(ListeningSockets.address("00000000000000000000000000000000")).isEqualTo("::");
        assertThat(ListeningSockets.address("00000000000000000000000001000000")).isEqualTo("::1");
        assertThat(ListeningSockets.address("0000000000000000FFFF00000100007F")).isEqualTo("::ffff:127.0.0.1");
        assertThat(ListeningSockets.address("0202FEA9")).isEqualTo("169.254.2.2");
    }

    @Test
    void findsWhatThisProcessListensOnThroughItsOpenFiles() throws Exception {
        // given this JVM listening on a loopback port
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            // when its own process group's sockets are read from the real /proc
            List<Listener> listening = ListeningSockets.system().of(new ProcessGroup(groupOfThisProcess()));

            // then the socket is among them
            assertThat(listening).extracting(Listener::port).contains(socket.getLocalPort());
        }
    }

    @Test
    void routesToTheKnownPortElseTheLowestReachableOneUnlessTheProbedPortIsAmongThem() {
        List<Listener> listening = List.of(new Listener("0.0.0.0", 9229), new Listener("::", 3000),
                new Listener("127.0.0.1", 4000));

        assertThat(ListeningSockets.reroute(listening, 41_234, Optional.empty(), false)).contains(3000);
        assertThat(ListeningSockets.reroute(listening, 41_234, Optional.of(9229), false)).contains(9229);
        assertThat(ListeningSockets.reroute(listening, 3000, Optional.of(9229), false)).isEmpty();
        assertThat(ListeningSockets.reroute(List.of(), 41_234, Optional.of(3000), false)).isEmpty();
        // in its own namespace the proxy cannot reach a socket on the namespace's loopback
        assertThat(ListeningSockets.reroute(List.of(new Listener("127.0.0.1", 3000)), 3001, Optional.of(3000), true))
                .isEmpty();
        assertThat(ListeningSockets.reroute(List.of(new Listener("169.254.0.2", 3000)), 3001, Optional.empty(), true))
                .contains(3000);
    }

    private static long groupOfThisProcess() throws Exception {
        String stat = Files.readString(Path.of("/proc/self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[2]);
    }
}
