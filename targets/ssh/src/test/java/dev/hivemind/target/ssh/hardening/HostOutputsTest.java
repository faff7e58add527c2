package dev.hivemind.target.ssh.hardening;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What hardening reads from a host's commands, on outputs recorded on Debian 12. */
class HostOutputsTest {

    @Test
    void sshdsSettingsAreReadFromSshdTWithItsPorts() {
        SshdSettings settings = SshdSettings.parse(Recorded.output("sshd-T.txt"));

        assertThat(settings.ports()).containsExactly(22);
        assertThat(settings.describe()).isEqualTo("PasswordAuthentication yes, KbdInteractiveAuthentication no, "
                + "PermitRootLogin without-password");
        assertThat(settings.passwordsRefused()).isFalse();
        assertThat(settings.rootKeysOnly()).isTrue();
        assertThat(settings.hardened()).isFalse();
    }

    @Test
    void theDropInSetsRootsLoginOnlyWhenRootMayUseAPasswordOrHiveMindAlreadySetIt() {
        SshdSettings rootByKey = new SshdSettings(Map.of("permitrootlogin", "without-password",
                "passwordauthentication", "yes"), Set.of(22));
        SshdSettings rootByPassword = new SshdSettings(Map.of("permitrootlogin", "yes"), Set.of(22));

        String forKeys = SshdHardening.dropInText(rootByKey, Optional.empty());
        String forPasswords = SshdHardening.dropInText(rootByPassword, Optional.empty());

        assertThat(forKeys).contains("PasswordAuthentication no\nKbdInteractiveAuthentication no\n")
                .doesNotContain("PermitRootLogin");
        assertThat(forPasswords).endsWith("PermitRootLogin prohibit-password\n");
        assertThat(SshdHardening.dropInText(rootByKey, Optional.of(forPasswords))).isEqualTo(forPasswords);
        assertThat(new SshdSettings(Map.of("permitrootlogin", "no", "passwordauthentication", "no",
                "kbdinteractiveauthentication", "no"), Set.of()).hardened()).isTrue();
    }

    @Test
    void pendingSecurityUpdatesAreTheSimulatedUpgradesFromASecurityOrigin() {
        List<String> pending = SecurityUpdates.pending(Recorded.output("apt-get-s-upgrade.txt"));

        assertThat(pending).hasSize(23).startsWith("libgcrypt20-dev", "libgcrypt20").doesNotContain("bash",
                "base-files");
        assertThat(SecurityUpdates.pending("Reading package lists...\n0 upgraded, 0 newly installed\n")).isEmpty();
    }

    @Test
    void listenersOffLoopbackAreThoseAnotherMachineCanReach() {
        String ss = Recorded.output("ss-Hltn.txt");

        assertThat(Listeners.parse(ss, true)).containsExactly(22, 23, 80);
        assertThat(Listeners.parse(ss, false)).containsExactly(22, 23, 80, 631, 34067, 46463);
    }

    @Test
    void theJailReadsTheJournalOnSshsPortsAndBansWithNftablesWhereItIs() {
        assertThat(Fail2banJail.jail(Set.of(2222, 22), true, true)).contains("[sshd]\nenabled = true\nbackend = systemd\n"
                + "port = 22,2222\n").contains("banaction = nftables-multiport\n");
        assertThat(Fail2banJail.jail(Set.of(22), false, false)).doesNotContain("banaction")
                .contains("backend = auto\nlogpath = /var/log/auth.log\n");
        assertThat(Fail2banJail.banned("""
                Status for the jail: sshd
                |- Filter
                |  |- Currently failed:\t1
                |  |- Total failed:\t6
                |  `- Journal matches:\t_SYSTEMD_UNIT=sshd.service + _COMM=sshd
                `- Actions
                   |- Currently banned:\t1
                   |- Total banned:\t1
                   `- Banned IP list:\t10.77.0.9
                """)).contains("1");
    }

    @Test
    void unattendedUpgradesAreOnOnlyWhenInstalledWithBothPeriodicSettingsAt1() {
        assertThat(UnattendedUpgrades.enabled("unattended-upgrades installed, APT::Periodic Update-Package-Lists=1 "
                + "Unattended-Upgrade=1")).isTrue();
        assertThat(UnattendedUpgrades.enabled("unattended-upgrades installed, APT::Periodic Update-Package-Lists=1 "
                + "Unattended-Upgrade=0")).isFalse();
        assertThat(UnattendedUpgrades.enabled("unattended-upgrades not installed, APT::Periodic "
                + "Update-Package-Lists=1 Unattended-Upgrade=1")).isFalse();
    }

    @Test
    void legacyServicesAreDescribedByPackageAndPort() {
        assertThat(LegacyServices.describe(List.of("inetutils-telnetd"), Set.of(23)))
                .isEqualTo("installed: inetutils-telnetd; listening on [23]");
        assertThat(LegacyServices.describe(List.of(), Set.of())).isEqualTo("no telnet, FTP or rsh server");
    }
}
