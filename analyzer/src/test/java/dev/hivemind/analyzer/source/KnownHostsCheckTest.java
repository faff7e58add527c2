package dev.hivemind.analyzer.source;

import static dev.hivemind.analyzer.Fixtures.write;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase.Configuration.StrictHostKeyChecking;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The unattended host key policy around JGit's known_hosts check, with a stand-in for that check. */
class KnownHostsCheckTest {
    private static final String HOST = "[git.example.com]:2222";
    private static final InetSocketAddress REMOTE = InetSocketAddress.createUnresolved("git.example.com", 2222);

    @TempDir
    Path home;

    private final List<HostKeyRejection> rejections = new ArrayList<>();

    @Test
    void answersAskAsAcceptNewBecauseNobodyIsThereToAnswer() throws GeneralSecurityException {
        OpenSshCheck openSsh = new OpenSshCheck(List.of(), true);

        boolean accepted = check(openSsh).accept(HOST, REMOTE, key(), new Settings(StrictHostKeyChecking.ASK,
                List.of()), null);

        assertThat(accepted).isTrue();
        assertThat(openSsh.modes).containsOnly(StrictHostKeyChecking.ACCEPT_NEW);
        assertThat(rejections).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = StrictHostKeyChecking.class, names = {"REQUIRE_MATCH", "ACCEPT_NEW", "ACCEPT_ANY"})
    void honoursAnExplicitSetting(StrictHostKeyChecking configured) throws GeneralSecurityException {
        OpenSshCheck openSsh = new OpenSshCheck(List.of(), true);

        check(openSsh).accept(HOST, REMOTE, key(), new Settings(configured, List.of()), null);

        assertThat(openSsh.modes).containsOnly(configured);
    }

    @Test
    void createsAMissingKnownHostsFileOnlyReadableByTheUserForANewHost() throws Exception {
        Path knownHosts = home.resolve(".ssh/known_hosts");

        check(new OpenSshCheck(List.of(), true)).accept(HOST, REMOTE, key(),
                new Settings(StrictHostKeyChecking.ASK, List.of()), null);

        assertThat(knownHosts).isEmptyFile();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(knownHosts.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void createsTheFirstUserKnownHostsFileOfTheSshConfigInstead() throws GeneralSecurityException {
        Path configured = home.resolve("elsewhere/hosts");

        check(new OpenSshCheck(List.of(), true)).accept(HOST, REMOTE, key(),
                new Settings(StrictHostKeyChecking.ACCEPT_NEW, List.of(configured.toString())), null);

        assertThat(configured).exists();
        assertThat(home.resolve(".ssh/known_hosts")).doesNotExist();
    }

    @Test
    void createsNoFileWhenOnlyKnownHostsAreAccepted() throws GeneralSecurityException {
        check(new OpenSshCheck(List.of(), false)).accept(HOST, REMOTE, key(),
                new Settings(StrictHostKeyChecking.REQUIRE_MATCH, List.of()), null);

        assertThat(home.resolve(".ssh")).doesNotExist();
    }

    @Test
    void leavesAnExistingKnownHostsFileAlone() throws GeneralSecurityException {
        Path knownHosts = write(home, ".ssh/known_hosts", "other.example.com ssh-ed25519 AAAA\n");

        check(new OpenSshCheck(List.of(), true)).accept(HOST, REMOTE, key(),
                new Settings(StrictHostKeyChecking.ASK, List.of()), null);

        assertThat(knownHosts).hasContent("other.example.com ssh-ed25519 AAAA");
    }

    @Test
    void reportsARefusedKeyWithWhatKnownHostsHolds() throws GeneralSecurityException {
        PublicKey recorded = key();
        write(home, ".ssh/known_hosts", "");

        boolean accepted = check(new OpenSshCheck(List.of(recorded), false)).accept(HOST, REMOTE, key(),
                new Settings(StrictHostKeyChecking.ASK, List.of()), null);

        assertThat(accepted).isFalse();
        assertThat(rejections).singleElement().satisfies(rejection -> {
            assertThat(rejection.host()).isEqualTo(HOST);
            assertThat(rejection.reason()).isEqualTo(HostKeyRejection.Reason.CHANGED);
            assertThat(rejection.knownHosts()).isEqualTo(home.resolve(".ssh/known_hosts"));
        });
    }

    private KnownHostsCheck check(ServerKeyDatabase openSsh) {
        return new KnownHostsCheck(openSsh, home.resolve(".ssh/known_hosts"), rejections::add);
    }

    private static PublicKey key() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair().getPublic();
    }

    /** The ssh config of a session. */
    private record Settings(StrictHostKeyChecking getStrictHostKeyChecking, List<String> getUserKnownHostsFiles)
            implements ServerKeyDatabase.Configuration {
        @Override
        public List<String> getGlobalKnownHostsFiles() {
            return List.of();
        }

        @Override
        public boolean getHashKnownHosts() {
            return false;
        }

        @Override
        public String getUsername() {
            return "git";
        }
    }

    /** Stands in for JGit's check: knows {@code known} for every host, answers {@code verdict}, notes the modes. */
    private static final class OpenSshCheck implements ServerKeyDatabase {
        private final List<PublicKey> known;
        private final boolean verdict;
        private final List<StrictHostKeyChecking> modes = new ArrayList<>();

        OpenSshCheck(List<PublicKey> known, boolean verdict) {
            this.known = known;
            this.verdict = verdict;
        }

        @Override
        public List<PublicKey> lookup(String connectAddress, InetSocketAddress remoteAddress, Configuration config) {
            return known;
        }

        @Override
        public boolean accept(String connectAddress, InetSocketAddress remoteAddress, PublicKey serverKey,
                Configuration config, CredentialsProvider provider) {
            modes.add(config.getStrictHostKeyChecking());
            return verdict;
        }
    }
}
