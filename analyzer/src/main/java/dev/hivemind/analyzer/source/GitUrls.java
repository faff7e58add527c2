package dev.hivemind.analyzer.source;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What may be shown of a git URL: credentials are never printed nor written into a file name. In
 * {@code https://user:token@host/...} the whole user part is a credential (hosts take a token as the user name), so
 * it becomes {@code ***}; over ssh the user name is kept and only a password is hidden; the scp-like
 * {@code git@host:path} holds no credential.
 */
final class GitUrls {
    private static final Pattern WITH_USER = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/@]*)@(.*)$");
    private static final int NAME_LENGTH = 48;

    private GitUrls() {
    }

    /** The URL with its credentials replaced by {@code ***}. */
    static String redacted(String url) {
        Matcher matcher = WITH_USER.matcher(url);
        if (!matcher.matches()) {
            return url;
        }
        String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
        String user = matcher.group(2);
        int colon = user.indexOf(':');
        String shown = scheme.equals("ssh") ? (colon < 0 ? user : user.substring(0, colon) + ":***") : "***";
        return matcher.group(1) + "://" + shown + "@" + matcher.group(3);
    }

    /**
     * A directory name for the URL's cache entry: the host and path made safe ({@code [a-z0-9._-]}, at most
     * {@value #NAME_LENGTH} characters) and 16 hex digits of the SHA-256 of the redacted URL, e.g.
     * {@code github.com-acme-shop.git-3b1f0c2d9e8a7b6c}.
     */
    static String cacheName(String url) {
        String redacted = redacted(url);
        String withoutScheme = redacted.replaceFirst("^[A-Za-z][A-Za-z0-9+.-]*://", "");
        String withoutUser = withoutScheme.replaceFirst("^[^/@]*@", "");
        String safe = withoutUser.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]+", "-")
                .replaceAll("^[-.]+|[-.]+$", "");
        String readable = safe.length() > NAME_LENGTH ? safe.substring(safe.length() - NAME_LENGTH) : safe;
        return (readable.isEmpty() ? "repository" : readable.replaceAll("^[-.]+", "")) + "-" + hash(redacted);
    }

    private static String hash(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
