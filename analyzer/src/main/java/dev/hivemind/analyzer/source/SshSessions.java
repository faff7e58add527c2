package dev.hivemind.analyzer.source;

import java.io.File;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.SshTransport;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.sshd.DefaultProxyDataFactory;
import org.eclipse.jgit.transport.sshd.JGitKeyCache;
import org.eclipse.jgit.transport.sshd.ServerKeyDatabase;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.util.SystemReader;

/**
 * Gives one clone's ssh transport JGit's Apache MINA SSHD client, reading keys, known_hosts and config from an
 * {@link SshHome} and checking host keys with {@link KnownHostsCheck}. The client is made only when the clone turns
 * out to use ssh, and closing this closes it. When {@code GIT_SSH} is set, JGit runs that program instead (as git
 * does) and this leaves the transport alone.
 */
final class SshSessions implements TransportConfigCallback, AutoCloseable {
    private final SshHome home;
    // Written by the SSH client's I/O thread, read by the cloning thread.
    private final AtomicReference<HostKeyRejection> rejection = new AtomicReference<>();
    private SshdSessionFactory factory;

    SshSessions(SshHome home) {
        this.home = home;
    }

    @Override
    public void configure(Transport transport) {
        if (transport instanceof SshTransport ssh && SystemReader.getInstance().getenv("GIT_SSH") == null) {
            ssh.setSshSessionFactory(factory());
        }
    }

    /** The host key the known_hosts check refused during the clone, if it refused one. */
    Optional<HostKeyRejection> hostKeyRejection() {
        return Optional.ofNullable(rejection.get());
    }

    @Override
    public void close() {
        if (factory != null) {
            factory.close();
        }
    }

    private SshdSessionFactory factory() {
        if (factory == null) {
            factory = new UnattendedSessionFactory();
            factory.setHomeDirectory(home.directory().toFile());
            factory.setSshDirectory(home.sshDirectory().toFile());
        }
        return factory;
    }

    /** JGit's factory with its known_hosts check wrapped; everything else (config, keys, ciphers) is JGit's. */
    private final class UnattendedSessionFactory extends SshdSessionFactory {
        UnattendedSessionFactory() {
            super(new JGitKeyCache(), new DefaultProxyDataFactory());
        }

        @Override
        protected ServerKeyDatabase createServerKeyDatabase(File homeDirectory, File sshDirectory) {
            return new KnownHostsCheck(super.createServerKeyDatabase(homeDirectory, sshDirectory),
                    sshDirectory.toPath().resolve("known_hosts"), rejection::set);
        }
    }
}
