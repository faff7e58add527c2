package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class NftRulesTest {

    @Test
    void hiveMindsLoadedTableIsActiveDenyingByDefaultWithItsRulesAndOnesItCannotRead() {
        FirewallState state = NftRules.read(Recorded.output("nft-hivemind-table.txt"));

        assertThat(state.active()).isTrue();
        assertThat(state.defaultDeny()).isTrue();
        assertThat(state.rules()).extracting(AllowRule::describe).containsExactly(
                "22/tcp from any (hivemind ssh)", "80/tcp from 10.0.0.0/8 (hivemind app web)",
                "81/tcp from fd00::/8 (hivemind app web)", "6000:6007,9000/tcp from any", "53/udp from any",
                "ip saddr 192.0.2.7 counter accept from any");
        assertThat(state.rules().getLast().known()).isFalse();
    }

    @Test
    void withoutTheTableNftablesLetsEverythingIn() {
        FirewallState state = NftRules.read("");

        assertThat(state.active()).isFalse();
        assertThat(state.wideOpen()).isTrue();
    }

    @Test
    void theFileReplacesTheTableInOneTransactionAndItsRulesReadBackAsWritten() {
        NftRules nft = new NftRules();
        List<AllowRule> rules = List.of(nft.allowTcp(22, AllowRule.ANYWHERE, "hivemind ssh"),
                nft.allowTcp(80, "10.0.0.0/8", "hivemind app web"));

        String file = NftRules.file(rules);

        assertThat(file).contains("table inet hivemind\ndelete table inet hivemind\ntable inet hivemind {\n")
                .contains("policy drop;").contains("\t\ttcp dport 22 accept comment \"hivemind ssh\"\n")
                .contains("\t\tip saddr 10.0.0.0/8 tcp dport 80 accept comment \"hivemind app web\"\n");
        String listing = file.substring(file.indexOf("table inet hivemind {"));
        assertThat(NftRules.read(listing).rules()).isEqualTo(rules);
    }
}
