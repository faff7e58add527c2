package dev.hivemind.target.ssh.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.NetworkException;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Files copied to a host, and the SHA-256 checksums that name and verify them. As root over SFTP; a login that is
 * not root cannot write HiveMind's root-only directories over SFTP, so its files go through {@code sudo} as the
 * standard input of {@code cat}.
 */
public final class Uploads {

    /** The longest one file's upload may take (the agent's Java runtime is the largest, tens of MB). */
    private static final java.time.Duration UPLOAD_TIMEOUT = java.time.Duration.ofMinutes(10);

    private Uploads() {
    }

    /** Copies {@code file} to {@code remotePath} (whose directory exists); returns the bytes sent. */
    static long put(SshConnection connection, Path file, String remotePath) {
        try (InputStream in = Files.newInputStream(file)) {
            if (!connection.host().isRoot()) {
                connection.run("umask 077 && cat > " + RemoteShell.quote(remotePath), in, UPLOAD_TIMEOUT)
                        .require(Agent.PROVISIONER, "Uploading " + file.getFileName() + " through sudo",
                                "Check the host's free disk and that the login may run sudo without a password");
                return Files.size(file);
            }
            try (OutputStream out = connection.sftp().write(remotePath)) {
                return in.transferTo(out);
            }
        } catch (IOException e) {
            throw new NetworkException(Agent.PROVISIONER, "uploading " + file.getFileName() + " to "
                    + connection.host().display() + " failed: " + e.getMessage(), "Uploading to "
                    + connection.host().display(), "Check the host's free disk and the connection, then run hivemind "
                    + "resume (finished files are not sent again)");
        }
    }

    /** Renames {@code from} to {@code to} on the host, replacing {@code to} (SFTP version 3 cannot overwrite). */
    static void rename(SshConnection connection, String from, String to) {
        if (connection.host().isRoot()) {
            try {
                try {
                    connection.sftp().remove(to);
                } catch (IOException absent) {
                    // the usual case: nothing to replace
                }
                connection.sftp().rename(from, to);
                return;
            } catch (IOException e) {
                throw new NetworkException(Agent.PROVISIONER, "renaming " + from + " on "
                        + connection.host().display() + " failed: " + e.getMessage(), "Uploading to "
                        + connection.host().display(), "Run hivemind resume");
            }
        }
        connection.run("mv -f " + RemoteShell.quote(from) + " " + RemoteShell.quote(to)).require(Agent.PROVISIONER,
                "Renaming " + from + " on " + connection.host().display(), "Check the host's free disk, then run "
                + "hivemind resume");
    }

    /** The file's SHA-256, in lower-case hex. */
    public static String sha256(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
                digest.update(buffer, 0, read);
            }
            return HexFormat.of().formatHex(digest.digest());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot read " + file, e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }
}
