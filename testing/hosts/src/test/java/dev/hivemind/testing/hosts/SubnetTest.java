package dev.hivemind.testing.hosts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SubnetTest {
    private static final String MACHINE = """
            1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever
            4: eth0    inet 192.0.2.2/24 brd 192.0.2.255 scope global eth0\\       valid_lft forever
            """;
    private static final String ROUTES = """
            default via 192.0.2.1 dev eth0
            192.0.2.0/24 dev eth0 proto kernel scope link src 192.0.2.2
            local 127.0.0.1 dev lo table local proto kernel scope host src 127.0.0.1
            """;

    @Test
    void aMachineWithoutTenAddressesGetsTheFirstCandidate() {
        assertThat(Subnet.firstFree(MACHINE, ROUTES)).contains(new Subnet(213, 0));
    }

    @Test
    void aSubnetAnotherRunHoldsIsSkipped() {
        String withRun = MACHINE + "9: hm4121x1    inet 10.213.0.1/24 scope global hm4121x1\n";

        assertThat(Subnet.firstFree(withRun, ROUTES)).contains(new Subnet(213, 1));
    }

    @Test
    void aSingleAddressOrAGatewayInsideASubnetTakesItWhole() {
        assertThat(Subnet.firstFree(MACHINE, ROUTES + "10.213.0.0/24 via 10.213.1.77 dev eth1\n"))
                .contains(new Subnet(213, 2));
    }

    @Test
    void aWideRouteTakesEverySubnetItCovers() {
        assertThat(Subnet.firstFree(MACHINE, ROUTES + "10.213.0.0/16 dev tun0\n")).contains(new Subnet(214, 0));
        assertThat(Subnet.firstFree(MACHINE, ROUTES + "10.0.0.0/8 dev tun0\n")).isEmpty();
    }

    @Test
    void aDefaultRouteWrittenAsAPrefixTakesNothing() {
        assertThat(Subnet.firstFree(MACHINE, "0.0.0.0/0 via 192.0.2.1 dev eth0\n")).contains(new Subnet(213, 0));
    }

    @Test
    void textThatOnlyLooksLikeAnAddressIsIgnored() {
        assertThat(Subnet.firstFree("version 10.213.0.999, 310.213.0.1 and 10.213.0.1234", ""))
                .contains(new Subnet(213, 0));
    }

    @Test
    void addressesAreNumberedInsideTheSubnet() {
        Subnet subnet = new Subnet(213, 7);

        assertThat(subnet.cidr()).isEqualTo("10.213.7.0/24");
        assertThat(subnet.address(Subnet.MACHINE)).isEqualTo("10.213.7.1");
        assertThat(subnet.address(Subnet.FIRST_HOST + 1)).isEqualTo("10.213.7.11");
        assertThat(subnet.address(Subnet.OUTSIDER)).isEqualTo("10.213.7.200");
        assertThatThrownBy(() -> new Subnet(256, 0)).hasMessageContaining("not an IPv4 subnet");
    }
}
