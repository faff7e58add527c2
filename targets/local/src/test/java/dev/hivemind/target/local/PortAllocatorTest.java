package dev.hivemind.target.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void aRequestedPortAnotherProcessHoldsIsRefusedSayingSo() throws Exception {
        try (ServerSocket busy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = busy.getLocalPort();

            assertThat(PortAllocator.choose(Optional.of(port), Optional.empty(), Map.of(), "127.0.0.1"))
                    .isEqualTo(new PortAllocator.Choice.Refused("port " + port + " on 127.0.0.1 is in use by another "
                            + "process", "Pass --port with a free port, or stop the process using it (ss -ltnp "
                            + "'sport = :" + port + "' shows which)"));
        }
    }

    @Test
    void aRequestedPortAnotherHiveMindAppHoldsNamesTheAppAndHowToFreeIt() throws Exception {
        try (ServerSocket proxyOfShop = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            int port = proxyOfShop.getLocalPort();

            assertThat(PortAllocator.choose(Optional.of(port), Optional.empty(), Map.of(port, "shop"), "127.0.0.1"))
                    .isEqualTo(new PortAllocator.Choice.Refused("port " + port + " is the public port of the HiveMind "
                            + "app shop", "Pass --port with another port, or free this one with: hivemind destroy shop"));
        }
    }

    @Test
    void aPortTheSystemRefusesThisUserIsCalledPrivilegedNotInUse() {
        PortAllocator.Binding denied = PortAllocator.binding(new BindException("Permission denied"));
        PortAllocator.Binding inUse = PortAllocator.binding(new BindException("Address already in use"));
        PortAllocator.Binding other = PortAllocator.binding(new IOException("Cannot assign requested address"));

        assertThat(denied).isInstanceOf(PortAllocator.Binding.Denied.class);
        assertThat(inUse).isInstanceOf(PortAllocator.Binding.InUse.class);
        assertThat(other).isEqualTo(new PortAllocator.Binding.Failed("IOException: Cannot assign requested address"));
        assertThat(PortAllocator.unprivilegedStart()).isBetween(0, 65536);
    }

    @Test
    void aPortThatCannotBeBoundOnTheAddressSaysWhy() {
        PortAllocator.Choice choice = PortAllocator.choose(Optional.of(8080), Optional.empty(), Map.of(), "192.0.2.1");

        assertThat(choice).isInstanceOfSatisfying(PortAllocator.Choice.Refused.class, refused -> assertThat(
                refused.problem()).isEqualTo("port 8080 on 192.0.2.1 cannot be bound: BindException: Cannot assign "
                + "requested address"));
    }

    @Test
    void theAppKeepsItsCurrentPortEvenThoughItsProxyHoldsIt() throws Exception {
        try (ServerSocket proxy = new ServerSocket()) {
            proxy.bind(new InetSocketAddress("127.0.0.1", 0));
            int port = proxy.getLocalPort();

            assertThat(PortAllocator.choose(Optional.empty(), Optional.of(port), Map.of(), "127.0.0.1"))
                    .isEqualTo(new PortAllocator.Choice.Chosen(port));
            assertThat(PortAllocator.choose(Optional.of(port), Optional.of(port), Map.of(), "127.0.0.1"))
                    .isEqualTo(new PortAllocator.Choice.Chosen(port));
        }
    }

    @Test
    void withoutARequestItTakes8080OrTheNextFreePortNotHeldByAnotherApp() {
        PortAllocator.Choice chosen = PortAllocator.choose(Optional.empty(), Optional.empty(),
                Map.of(8080, "shop", 8081, "blog"), "127.0.0.1");

        assertThat(chosen).isInstanceOfSatisfying(PortAllocator.Choice.Chosen.class, port -> {
            assertThat(port.port()).isBetween(8082, 8179);
            assertThat(PortAllocator.isFree(port.port(), "127.0.0.1")).isTrue();
        });
    }
}
