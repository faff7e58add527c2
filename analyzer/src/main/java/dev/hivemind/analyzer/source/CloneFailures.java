package dev.hivemind.analyzer.source;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.HiveMindException;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.error.NetworkException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.jgit.errors.NoRemoteRepositoryException;
import org.eclipse.jgit.errors.RemoteRepositoryException;

/**
 * Sorts a failed clone into what the user must fix (the repository does not exist, is not a git repository or
 * needs credentials: {@link InvalidInputException}) and what may pass on its own (the host cannot be reached:
 * {@link NetworkException}, retried). Network symptoms are looked for first, because JGit reports a connection
 * failure of an external ssh program ({@code GIT_SSH}) as a missing repository. Refused SSH host keys and logins are
 * recognised before this, by {@link SshSessions} and {@link SshFailures}.
 */
final class CloneFailures {
    // The SSH transport reports a host name it cannot resolve as an UnresolvedAddressException.
    private static final List<Class<? extends Exception>> NETWORK_CAUSES = List.of(ConnectException.class,
            UnknownHostException.class, UnresolvedAddressException.class, NoRouteToHostException.class,
            SocketTimeoutException.class);
    private static final List<String> NETWORK_WORDS = List.of("connection refused", "connection failed",
            "connection reset", "connection timed out", "timed out", "unknown host", "could not resolve hostname",
            "network is unreachable", "no route to host", "remote hung up unexpectedly", "temporary failure");
    private static final List<String> MISSING_WORDS = List.of("not found", "repository not exported",
            "no such repository", "does not appear to be a git repository", "not a git repository",
            "repository not found", "does not exist");
    private static final List<String> DENIED_WORDS = List.of("not authorized", "authentication is required",
            "auth fail", "permission denied", "access denied");

    private CloneFailures() {
    }

    static HiveMindException classify(String url, Exception failure) {
        String detail = detail(failure);
        if (isNetwork(failure, detail)) {
            return new NetworkException(Agent.COMPILER, "cannot reach the git repository " + url + ": " + detail,
                    context(url), "Check that the host is up and reachable from this machine (DNS, firewall, proxy) "
                    + "and that the URL's host and port are right; HiveMind retries network errors on its own",
                    failure);
        }
        if (mentions(detail, DENIED_WORDS) && !mentions(detail, MISSING_WORDS)) {
            return new InvalidInputException(Agent.COMPILER, "the git repository " + url
                    + " refused access or does not exist: " + detail, context(url),
                    "Check the URL; for a private repository use an ssh:// or user@host:path URL and a key in "
                    + "~/.ssh that the repository accepts", failure);
        }
        if (mentions(detail, MISSING_WORDS) || isRemoteAnswer(failure)) {
            return missing(url, detail, failure);
        }
        return new NetworkException(Agent.COMPILER, "cloning " + url + " failed: " + detail, context(url),
                "Check that the repository answers 'git ls-remote " + url + "'; HiveMind retries transport errors "
                + "on its own", failure);
    }

    static InvalidInputException missing(String url, String detail, Throwable cause) {
        return new InvalidInputException(Agent.COMPILER, "there is no git repository at " + url + ": " + detail,
                context(url), "Check the URL (owner, name and .git suffix) and that the repository exists and has "
                + "at least one commit", cause);
    }

    static String context(String url) {
        return "Cloning " + url;
    }

    /** The most specific message in the cause chain (JGit wraps the useful one). */
    static String detail(Throwable failure) {
        String best = Optional.ofNullable(failure.getMessage()).orElse(failure.getClass().getSimpleName());
        for (Throwable cause = failure.getCause(); cause != null; cause = cause.getCause()) {
            if (cause.getMessage() != null && !cause.getMessage().isBlank()
                    && !(cause instanceof NullPointerException)) {
                best = cause.getMessage();
            }
        }
        return best;
    }

    private static boolean isNetwork(Throwable failure, String detail) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            Throwable current = cause;
            if (NETWORK_CAUSES.stream().anyMatch(type -> type.isInstance(current))) {
                return true;
            }
        }
        return mentions(detail, NETWORK_WORDS);
    }

    /** Whether the server answered that it will not serve the repository (rather than the transport failing). */
    private static boolean isRemoteAnswer(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof NoRemoteRepositoryException || cause instanceof RemoteRepositoryException) {
                return true;
            }
        }
        return false;
    }

    private static boolean mentions(String detail, List<String> words) {
        String lower = detail.toLowerCase(Locale.ROOT);
        return words.stream().anyMatch(lower::contains);
    }
}
