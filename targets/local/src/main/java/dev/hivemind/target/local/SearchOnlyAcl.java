package dev.hivemind.target.local;

import dev.hivemind.api.host.UserAccess;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * What {@code getfacl} says of a directory HiveMind keeps private: whether its only access beyond its owner is the
 * search-only ({@code --x}) entries HiveMind grants the PostgreSQL user so that it reaches its cluster
 * ({@link ServiceUser#grantTraversal}). Such a directory shows group bits ({@code rwx--x---}: the ACL mask), yet no one
 * but its owner may list or read it; {@code chmod 700} on it would clear the mask and stop the app's PostgreSQL.
 */
final class SearchOnlyAcl {
    private SearchOnlyAcl() {
    }

    /**
     * The named users and groups (numeric) that may only search {@code directory}, when that is all the access its ACL
     * gives beyond its owner's; empty when it has no ACL, gives more, or getfacl cannot tell.
     */
    static Optional<List<String>> of(Path directory) {
        return UserAccess.aclEntries(directory).filter(SearchOnlyAcl::onlySearch).map(lines -> lines.stream()
                .filter(line -> line.matches("(user|group):[^:]+:.*")).map(line -> line.substring(0,
                        line.lastIndexOf(':'))).toList()).filter(named -> !named.isEmpty());
    }

    /** Whether {@code directory} has an extended ACL (named entries and a mask), as far as getfacl can tell. */
    static boolean extended(Path directory) {
        return UserAccess.aclEntries(directory).filter(lines -> lines.stream().anyMatch(line -> line.startsWith("mask:")))
                .isPresent();
    }

    private static boolean onlySearch(List<String> lines) {
        for (String line : lines) {
            String[] parts = line.split(":");
            if (parts.length != 3) {
                return false;
            }
            boolean owner = parts[0].equals("user") && parts[1].isEmpty();
            boolean allowed = owner ? parts[2].equals("rwx") : parts[2].equals("--x") || parts[2].equals("---");
            boolean unnamedGroupOrOther = (parts[0].equals("group") || parts[0].equals("other")) && parts[1].isEmpty();
            if (!allowed || unnamedGroupOrOther && !parts[2].equals("---")) {
                return false;
            }
        }
        return true;
    }
}
