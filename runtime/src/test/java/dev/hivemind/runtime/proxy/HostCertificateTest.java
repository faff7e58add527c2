package dev.hivemind.runtime.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.NetworkInterface;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host certificate names every address the host has, so a client reaching a remote host's proxy can check it. */
class HostCertificateTest {
    @TempDir
    Path tls;

    @Test
    void namesLocalhostTheHostsOwnAddressesAndItsName() throws Exception {
        HostCertificate certificate = HostCertificate.ensure(tls);

        assertThat(certificate.names()).contains("localhost", "127.0.0.1").containsAll(HostCertificate.hostNames());
        List<String> global = NetworkInterface.networkInterfaces().flatMap(NetworkInterface::inetAddresses)
                .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress())
                .map(address -> address.getHostAddress().replaceFirst("%.*$", "")).toList();
        assertThat(certificate.names()).containsAll(global);
    }

    @Test
    void aCertificateMissingAnAddressOfTheHostIsReplacedAndACompleteOneIsKept() throws Exception {
        HostCertificate.generate(List.of("localhost", "127.0.0.1", "old-name")).save(tls);

        HostCertificate replaced = HostCertificate.ensure(tls);

        assertThat(replaced.names()).doesNotContain("old-name").containsAll(HostCertificate.hostNames());
        assertThat(HostCertificate.ensure(tls).certificate()).isEqualTo(replaced.certificate());
    }
}
