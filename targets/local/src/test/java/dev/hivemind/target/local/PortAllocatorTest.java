package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void aRequestedPortInUseIsRefused() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            assertThat(PortAllocator.choose(Optional.of(port), Optional.empty(), Set.of(), "127.0.0.1")).isEmpty();
        }
    }

    @Test
    void theAppKeepsItsCurrentPortEvenThoughItsProxyHoldsIt() throws Exception {
        try (ServerSocket proxy = new ServerSocket()) {
            proxy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = proxy.getLocalPort();

            assertThat(PortAllocator.choose(Optional.empty(), Optional.of(port), Set.of(), "127.0.0.1")).contains(port);
            assertThat(PortAllocator.choose(Optional.of(port), Optional.of(port), Set.of(), "127.0.0.1")).contains(port);
        }
    }

    @Test
    void withoutARequestItTakes8080OrTheNextFreePortNotHeldByAnotherApp() {
        Optional<Integer> chosen = PortAllocator.choose(Optional.empty(), Optional.empty(), Set.of(8080, 8081),
                "127.0.0.1");

        assertThat(chosen).isPresent();
        assertThat(chosen.get()).isBetween(8082, 8179);
        assertThat(PortAllocator.isFree(chosen.get(), "127.0.0.1")).isTrue();
    }
}
