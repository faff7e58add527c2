package dev.hivemind.target.ssh.host;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import dev.hivemind.target.ssh.connection.SshConnection;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Ships an artifact directory to a host content-addressed: every file is named by its SHA-256 (and whether it is
 * executable) in the host's store, only the files the store lacks are uploaded (over SFTP), and the release
 * directory is then assembled on the host from hard links to the store. A redeploy of the same artifact uploads
 * nothing; a change of one file uploads that file. A release already assembled is left as it is.
 */
public final class ArtifactUpload {
    private static final Duration ASSEMBLE_TIMEOUT = Duration.ofMinutes(5);

    private ArtifactUpload() {
    }

    /** What shipping sent: the files and bytes uploaded, of how many in the artifact. */
    public record Shipped(String releaseDirectory, int files, int uploadedFiles, long uploadedBytes,
                          boolean alreadyThere) { }

    /** One entry of an artifact: a file (by checksum), a symbolic link or a directory. */
    record Entry(String kind, String path, String object, String linkTarget) {
        String manifestLine() {
            return switch (kind) {
                case "f" -> "f\t" + object + "\t" + path;
                case "l" -> "l\t" + linkTarget + "\t" + path;
                default -> "d\t-\t" + path;
            };
        }
    }

    public static Shipped ship(SshConnection connection, Path artifact, String app, String releaseId) {
        String release = RemoteLayout.release(app, releaseId);
        if (connection.run("test -f " + q(release + "/.hivemind-complete")).ok()) {
            return new Shipped(release, 0, 0, 0, true);
        }
        Map<String, Path> objects = new LinkedHashMap<>();
        List<Entry> entries = entries(artifact, objects);
        AgentInstall.mkdirs(connection, RemoteLayout.INCOMING);
        Set<String> present = new HashSet<>(connection.run("ls -1 " + RemoteLayout.STORE).stdout().lines().toList());
        int uploaded = 0;
        long bytes = 0;
        for (Map.Entry<String, Path> object : objects.entrySet()) {
            if (present.contains(object.getKey())) {
                continue;
            }
            String incoming = RemoteLayout.INCOMING + "/" + object.getKey();
            bytes += Uploads.put(connection, object.getValue(), incoming + ".part");
            Uploads.rename(connection, incoming + ".part", incoming);
            uploaded++;
        }
        assemble(connection, entries, release, uploaded > 0);
        return new Shipped(release, objects.size(), uploaded, bytes, false);
    }

    /** Moves what was uploaded into the store, then links the release together from the manifest on stdin. */
    private static void assemble(SshConnection connection, List<Entry> entries, String release, boolean incoming) {
        String partial = release + ".partial";
        String script = String.join("\n",
                "set -e",
                "store=" + RemoteLayout.STORE,
                incoming ? "for f in " + RemoteLayout.INCOMING + "/*; do [ -f \"$f\" ] || continue; "
                        + "case \"$f\" in *.part) continue;; *.x) chmod 0755 \"$f\";; *) chmod 0644 \"$f\";; esac; "
                        + "mv \"$f\" \"$store/${f##*/}\"; done" : "true",
                "rm -rf " + q(partial),
                "mkdir -p " + q(partial),
                "cd " + q(partial),
                "while IFS=\"$(printf '\\t')\" read -r kind value path; do",
                "  case $kind in",
                "    d) mkdir -p \"$path\";;",
                "    f) mkdir -p \"$(dirname \"$path\")\"; ln \"$store/$value\" \"$path\";;",
                "    l) mkdir -p \"$(dirname \"$path\")\"; ln -s \"$value\" \"$path\";;",
                "  esac",
                "done",
                "touch .hivemind-complete",
                "cd /",
                "rm -rf " + q(release),
                "mv " + q(partial) + " " + q(release));
        StringBuilder manifest = new StringBuilder();
        entries.forEach(entry -> manifest.append(entry.manifestLine()).append('\n'));
        CommandResult result = connection.run(script, manifest.toString().getBytes(StandardCharsets.UTF_8),
                ASSEMBLE_TIMEOUT);
        result.require(Agent.DEPLOYER, "Assembling release " + release, "Check the host's free disk under "
                + RemoteLayout.ROOT + ", then run hivemind resume");
    }

    /** Every entry under {@code artifact}, in walk order; the files' objects go to {@code objects}. */
    static List<Entry> entries(Path artifact, Map<String, Path> objects) {
        List<Entry> entries = new ArrayList<>();
        try (Stream<Path> walk = Files.walk(artifact)) {
            for (Path path : (Iterable<Path>) walk::iterator) {
                if (path.equals(artifact)) {
                    continue;
                }
                String relative = artifact.relativize(path).toString();
                if (relative.contains("\n") || relative.contains("\t")) {
                    throw new InvalidInputException(Agent.DEPLOYER, "the artifact holds a file whose name has a tab "
                            + "or a line break: " + relative.replace("\n", "\\n").replace("\t", "\\t"),
                            "Shipping the artifact", "Rename the file in the repository");
                }
                entries.add(entry(path, relative, objects));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the artifact " + artifact, e);
        }
        return entries;
    }

    private static Entry entry(Path path, String relative, Map<String, Path> objects) throws IOException {
        if (Files.isSymbolicLink(path)) {
            return new Entry("l", relative, "", Files.readSymbolicLink(path).toString());
        }
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            return new Entry("d", relative, "", "");
        }
        boolean executable = Files.getPosixFilePermissions(path).contains(PosixFilePermission.OWNER_EXECUTE);
        String object = Uploads.sha256(path) + (executable ? ".x" : "");
        objects.putIfAbsent(object, path);
        return new Entry("f", relative, object, "");
    }

    /**
     * Removes all but the newest {@link RemoteLayout#KEPT_RELEASES} releases of the app other than {@code keep},
     * then the store's objects no release links to any more.
     */
    public static List<String> prune(RemoteShell shell, String app, Set<String> keep) {
        String releases = RemoteLayout.releases(app);
        String keepPattern = String.join("|", keep.stream().map(id -> id.replaceAll("[^A-Za-z0-9._-]", "")).toList());
        String script = String.join("\n",
                "cd " + q(releases) + " 2>/dev/null || exit 0",
                "ls -1t | grep -v '\\.partial$' | grep -Ev '^(" + (keepPattern.isEmpty() ? "-" : keepPattern) + ")$' "
                        + "| tail -n +" + RemoteLayout.KEPT_RELEASES + " | while read -r old; do "
                        + "rm -rf \"$old\"; echo \"$old\"; done",
                "find " + RemoteLayout.STORE + " -maxdepth 1 -type f -links 1 -delete");
        return shell.run(script).stdout().lines().filter(line -> !line.isBlank()).toList();
    }

    private static String q(String value) {
        return RemoteShell.quote(value);
    }
}
