package dev.hivemind.runtime.proxy;

import dev.hivemind.runtime.agent.AgentFiles;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The self-signed certificate the edge proxies serve HTTPS with: an EC P-256 key and a certificate for
 * {@code localhost}, {@code 127.0.0.1}, the host's own addresses and its name, kept as {@code host.crt} and
 * {@code host.key} (0600) in {@code HIVEMIND_HOME/agent/tls}. It is generated once and reused, so clients that trust
 * it keep trusting it across redeploys and agent restarts; one that expires within 30 days, or that does not name an
 * address the host has now, is replaced.
 */
public final class HostCertificate {
    static final String CERTIFICATE = "host.crt";
    static final String KEY = "host.key";
    private static final Duration VALIDITY = Duration.ofDays(397);
    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final String ALIAS = "hivemind-host";

    private final X509Certificate certificate;
    private final PrivateKey key;

    private HostCertificate(X509Certificate certificate, PrivateKey key) {
        this.certificate = certificate;
        this.key = key;
    }

    /** The certificate in {@code directory}, generated (and saved) when missing or about to expire. */
    public static HostCertificate ensure(Path directory) {
        Path certificateFile = directory.resolve(CERTIFICATE);
        Path keyFile = directory.resolve(KEY);
        try {
            if (Files.exists(certificateFile) && Files.exists(keyFile)) {
                HostCertificate existing = read(certificateFile, keyFile);
                if (existing.certificate.getNotAfter().toInstant().isAfter(Instant.now().plus(RENEW_BEFORE))
                        && existing.names().containsAll(hostNames())) {
                    return existing;
                }
            }
            HostCertificate fresh = generate(hostNames());
            fresh.save(directory);
            return fresh;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the host certificate in " + directory, e);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot create the host certificate in " + directory + ": "
                    + e.getMessage(), e);
        }
    }

    /** Writes the key (0600) and the certificate into {@code directory}. */
    void save(Path directory) throws IOException, GeneralSecurityException {
        AgentFiles.directory(directory);
        AgentFiles.writeAtomically(directory.resolve(KEY), pem("PRIVATE KEY", key.getEncoded()));
        AgentFiles.writeAtomically(directory.resolve(CERTIFICATE), pem("CERTIFICATE", certificate.getEncoded()));
    }

    X509Certificate certificate() {
        return certificate;
    }

    /** An in-memory key store holding the key and certificate, protected by {@code password}. */
    KeyStore keyStore(char[] password) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, password);
            store.setKeyEntry(ALIAS, key, password, new X509Certificate[] {certificate});
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store of the host certificate: " + e.getMessage(), e);
        }
    }

    /** The names and addresses in the certificate's subject alternative names. */
    Set<String> names() {
        try {
            Set<String> names = new LinkedHashSet<>();
            var alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    String name = String.valueOf(entry.get(1));
                    // an address as InetAddress spells it, which is how hostNames() spells the host's own
                    names.add(Integer.valueOf(GeneralName.iPAddress).equals(entry.get(0))
                            ? InetAddress.getByName(name).getHostAddress() : name);
                }
            }
            return names;
        } catch (java.security.cert.CertificateParsingException | UnknownHostException e) {
            return Set.of();
        }
    }

    /**
     * The names the certificate is for: localhost, 127.0.0.1, the host's global addresses (so a client reaching a
     * remote host by its address can check the name) and the host's name (when it has one), last.
     */
    static List<String> hostNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1"));
        names.addAll(globalAddresses());
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException e) {
            System.getLogger(HostCertificate.class.getName()).log(System.Logger.Level.WARNING,
                    "the host's name cannot be resolved; the certificate is for localhost and 127.0.0.1 only");
        }
        return List.copyOf(names);
    }

    /** The host's IPv4 and global IPv6 addresses, as the certificate spells them (loopback and link-local left out). */
    private static List<String> globalAddresses() {
        try {
            return java.net.NetworkInterface.networkInterfaces().flatMap(java.net.NetworkInterface::inetAddresses)
                    .filter(address -> !address.isLoopbackAddress() && !address.isLinkLocalAddress()
                            && !address.isAnyLocalAddress())
                    .map(address -> address.getHostAddress().replaceFirst("%.*$", ""))
                    .sorted().toList();
        } catch (java.net.SocketException e) {
            return List.of();
        }
    }

    static HostCertificate generate(List<String> names) throws GeneralSecurityException, OperatorCreationException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair pair = generator.generateKeyPair();
        X500Name subject = new X500Name("CN=" + names.getLast() + ",O=HiveMind");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                new BigInteger(127, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), subject, pair.getPublic());
        try {
            builder.addExtension(Extension.subjectAlternativeName, false, alternativeNames(names));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false,
                    new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the certificate's extensions", e);
        }
        X509Certificate certificate = new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
        return new HostCertificate(certificate, pair.getPrivate());
    }

    private static GeneralNames alternativeNames(List<String> names) {
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            boolean address = name.matches("[0-9.]+") || name.contains(":");
            alternatives.add(new GeneralName(address ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        return new GeneralNames(alternatives.toArray(GeneralName[]::new));
    }

    private static HostCertificate read(Path certificateFile, Path keyFile) throws IOException,
            GeneralSecurityException {
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(certificateFile)));
        String keyPem = Files.readString(keyFile).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        PrivateKey key = KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(keyPem)));
        return new HostCertificate(certificate, key);
    }

    private static byte[] pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return ("-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n")
                .getBytes(StandardCharsets.US_ASCII);
    }
}
