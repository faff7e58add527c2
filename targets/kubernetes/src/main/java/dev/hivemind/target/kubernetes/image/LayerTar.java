package dev.hivemind.target.kubernetes.image;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes one image layer: a gzip-compressed tar of files of the artifact under the image's app directory.
 * Unlike jib-core's own layers, which follow symbolic links and copy what they point to, a symbolic link stays a
 * link (node_modules/.bin, a virtualenv's interpreter). The tar is reproducible: entries sorted by name, every time
 * stamp the same, owner root, no user or group names; only the permission bits of each file are kept.
 */
final class LayerTar {
    /** jib-core's own default, one second after the epoch (some tools read a zero time stamp as "unset"). */
    static final long MODIFICATION_TIME_MILLIS = 1000;

    private LayerTar() {
    }

    /** A written layer: the compressed file, the digest of its uncompressed tar (the diff id) and its entries. */
    record Written(Path file, String diffId, int entries) {
    }

    /**
     * @param artifact      the artifact directory
     * @param topLevel      the names directly in {@code artifact} the layer holds, each with everything under it
     * @param imageRoot     where the artifact goes in the image, e.g. {@code app} (no leading slash)
     * @param withRoot      whether the layer also holds the {@code imageRoot} directory itself
     * @param into          the file to write
     */
    static Written write(Path artifact, List<String> topLevel, String imageRoot, boolean withRoot, Path into)
            throws IOException {
        List<Path> files = new ArrayList<>();
        for (String name : topLevel) {
            try (Stream<Path> walk = Files.walk(artifact.resolve(name))) {
                walk.forEach(files::add);
            }
        }
        List<String[]> names = new ArrayList<>();
        if (withRoot) {
            names.add(new String[] {imageRoot + "/", ""});
        }
        for (Path file : files) {
            String relative = artifact.relativize(file).toString().replace('\\', '/');
            boolean directory = Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS);
            names.add(new String[] {imageRoot + "/" + relative + (directory ? "/" : ""), relative});
        }
        names.sort(Comparator.comparing(pair -> pair[0]));
        MessageDigest sha256 = sha256();
        int count = 0;
        try (OutputStream file = Files.newOutputStream(into);
             GZIPOutputStream gzip = new GZIPOutputStream(file);
             DigestOutputStream digesting = new DigestOutputStream(gzip, sha256);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(digesting)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (String[] pair : names) {
                if (pair[1].isEmpty()) {
                    tar.putArchiveEntry(directory(pair[0], 0755));
                    tar.closeArchiveEntry();
                } else if (add(tar, pair[0], artifact.resolve(pair[1]))) {
                    count++;
                }
            }
            tar.finish();
        }
        return new Written(into, "sha256:" + HexFormat.of().formatHex(sha256.digest()), count);
    }

    /** Adds one file, directory or symbolic link; other kinds (sockets, FIFOs, devices) have no place in an image. */
    private static boolean add(TarArchiveOutputStream tar, String name, Path file) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(file, PosixFileAttributes.class,
                LinkOption.NOFOLLOW_LINKS);
        int mode = bits(attributes.permissions());
        if (attributes.isSymbolicLink()) {
            TarArchiveEntry link = entry(name, TarConstants.LF_SYMLINK);
            link.setLinkName(Files.readSymbolicLink(file).toString());
            link.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | 0777);
            tar.putArchiveEntry(link);
            tar.closeArchiveEntry();
            return true;
        }
        if (attributes.isDirectory()) {
            tar.putArchiveEntry(directory(name, mode));
            tar.closeArchiveEntry();
            return true;
        }
        if (!attributes.isRegularFile()) {
            return false;
        }
        TarArchiveEntry regular = entry(name, TarConstants.LF_NORMAL);
        regular.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | mode);
        regular.setSize(attributes.size());
        tar.putArchiveEntry(regular);
        try (InputStream in = Files.newInputStream(file, LinkOption.NOFOLLOW_LINKS)) {
            in.transferTo(tar);
        }
        tar.closeArchiveEntry();
        return true;
    }

    private static TarArchiveEntry directory(String name, int mode) {
        TarArchiveEntry directory = entry(name, TarConstants.LF_DIR);
        directory.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | mode);
        return directory;
    }

    private static TarArchiveEntry entry(String name, byte kind) {
        TarArchiveEntry entry = new TarArchiveEntry(name, kind);
        entry.setModTime(MODIFICATION_TIME_MILLIS);
        entry.setUserId(0);
        entry.setGroupId(0);
        entry.setUserName("");
        entry.setGroupName("");
        return entry;
    }

    /** The permission bits as a number, e.g. 0755; set-user-id and the like are not kept. */
    static int bits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission permission : permissions) {
            mode |= 1 << (8 - permission.ordinal());
        }
        return mode;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }
}
