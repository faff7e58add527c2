package dev.hivemind.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Trust in exactly one certificate (such as the self-signed certificate of a local app's HTTPS proxy), for the HTTP
 * clients that probe it: nothing else is trusted, and host names are still checked against the certificate.
 */
public final class PinnedCertificate {
    private PinnedCertificate() {
    }

    /** A TLS context trusting only the PEM certificate in {@code file}. */
    public static SSLContext sslContext(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Certificate certificate = CertificateFactory.getInstance("X.509").generateCertificate(in);
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            trusted.setCertificateEntry("pinned", certificate);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the certificate " + file, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("cannot trust the certificate " + file + ": " + e.getMessage(), e);
        }
    }
}
