package dev.hivemind.api;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The SOURCE argument, parsed: a local directory or a git URL in one of the forms the brief lists
 * ({@code https://}, {@code http://}, {@code ssh://}, {@code git://}, {@code file://}, {@code user@host:path}).
 */
public sealed interface SourceLocation {

    /** What the user typed, for the state's {@code repo_url} (an absolute path for a directory). */
    String display();

    /** A name for the app derived from the source: the directory's or repository's last path segment. */
    String suggestedAppName();

    record LocalDirectory(Path path) implements SourceLocation {
        @Override
        public String display() {
            return path.toString();
        }

        @Override
        public String suggestedAppName() {
            Path name = path.getFileName();
            return name == null ? "app" : name.toString();
        }
    }

    record GitUrl(String url) implements SourceLocation {
        @Override
        public String display() {
            return url;
        }

        /** The URL with the password it may carry ({@code https://user:pw@host/...}) hidden, for messages. */
        public String redacted() {
            return url.replaceAll("^([A-Za-z][A-Za-z0-9+.-]*://[^/@:]*):[^/@]*@", "$1:***@");
        }

        @Override
        public String suggestedAppName() {
            String trimmed = url.replaceAll("/+$", "");
            String last = trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf(':')) + 1);
            return last.endsWith(".git") ? last.substring(0, last.length() - 4) : last;
        }
    }

    Pattern SCHEME_URL = Pattern.compile("^(https?|ssh|git|file)://[^\\s]+$");
    Pattern HOST_PART = Pattern.compile("^(\\[[0-9a-fA-F:.]+]|[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?)(:\\d{1,5})?$");
    Pattern SCP_LIKE = Pattern.compile("^[A-Za-z0-9._-]+@[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?:[^\\s:][^\\s]*$");

    /**
     * Parses SOURCE, resolving a relative directory against {@code workingDirectory}.
     *
     * @throws InvalidInputException when SOURCE is neither an existing directory nor a well-formed git URL
     */
    static SourceLocation parse(String source, Path workingDirectory) {
        String text = source == null ? "" : source.trim();
        if (text.isEmpty()) {
            throw invalid(text, "SOURCE is empty");
        }
        if (looksLikeUrl(text)) {
            return parseUrl(text);
        }
        if (SCP_LIKE.matcher(text).matches()) {
            return new GitUrl(text);
        }
        Path path = workingDirectory.resolve(text).toAbsolutePath().normalize();
        if (Files.isDirectory(path)) {
            return new LocalDirectory(path);
        }
        if (Files.exists(path)) {
            throw invalid(text, path + " is a file, not a directory");
        }
        throw invalid(text, "no directory " + path + " exists and it is not a git URL");
    }

    private static boolean looksLikeUrl(String text) {
        return text.contains("://");
    }

    private static GitUrl parseUrl(String text) {
        if (!SCHEME_URL.matcher(text).matches()) {
            throw invalid(text, "the scheme is not one of https, http, ssh, git, file, or the URL holds spaces");
        }
        int schemeEnd = text.indexOf("://");
        String scheme = text.substring(0, schemeEnd).toLowerCase(Locale.ROOT);
        String rest = text.substring(schemeEnd + 3);
        if (scheme.equals("file")) {
            if (!rest.startsWith("/") || rest.length() < 2) {
                throw invalid(text, "a file:// URL needs an absolute path, like file:///srv/git/app.git");
            }
            return new GitUrl(text);
        }
        int slash = rest.indexOf('/');
        String authority = slash < 0 ? rest : rest.substring(0, slash);
        String path = slash < 0 ? "" : rest.substring(slash + 1);
        String host = authority.substring(authority.lastIndexOf('@') + 1);
        if (!HOST_PART.matcher(host).matches()) {
            throw invalid(text, "'" + host + "' is not a valid host name");
        }
        if (path.isBlank()) {
            throw invalid(text, "the URL names no repository path");
        }
        return new GitUrl(text);
    }

    private static InvalidInputException invalid(String source, String why) {
        return new InvalidInputException(Agent.CONDUCTOR, "'" + source + "' is not a usable SOURCE: " + why,
                "Reading the SOURCE argument",
                "Pass a local directory or a git URL (https://, http://, ssh://, git://, file:// or user@host:path)");
    }
}
