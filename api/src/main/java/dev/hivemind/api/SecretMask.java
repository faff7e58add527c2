package dev.hivemind.api;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Hides secret values in text bound for a log or a report: each occurrence becomes {@value #MASK}. The secrets of an
 * app's environment are:
 * <ul>
 * <li>the value of a variable whose name says it is secret ({@code PASSWORD}, {@code SECRET}, {@code TOKEN},
 * {@code KEY}, {@code CREDENTIAL}, {@code AUTH}, {@code PRIVATE}, ... anywhere in the name);</li>
 * <li>the password of a URL with credentials in any value ({@code postgres://app:PASSWORD@db/app}), as written and
 * decoded;</li>
 * <li>a value that looks like a generated token whatever its name: {@value #TOKEN_LENGTH} or more letters, digits,
 * {@code _ - + =} (no dot, colon or slash: not a host name, path or URL; not starting with {@code -}: not an option),
 * holding letters and digits;</li>
 * </ul>
 * and whatever else a caller knows to be secret ({@link #with}), e.g. a generated database password. A value shorter
 * than {@value #MIN_LENGTH} characters is not masked: it would hide ordinary words. Apart from the known values, the
 * password of any URL with credentials in the text is hidden too.
 */
public final class SecretMask {
    public static final String MASK = "***";
    /** The shortest value masked. */
    public static final int MIN_LENGTH = 4;
    /** The shortest value taken for a token by its look alone. */
    public static final int TOKEN_LENGTH = 20;
    public static final SecretMask NONE = new SecretMask(List.of());

    private static final Pattern SECRET_NAME = Pattern.compile(
            "(?i).*(PASSWORD|PASSWD|PASSPHRASE|SECRET|TOKEN|KEY|CREDENTIAL|AUTH|PRIVATE|SALT|SIGNATURE|DSN).*");
    private static final Pattern URL_CREDENTIALS =
            Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*://[^:/@\\s]*):([^@/\\s]+)@");
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_+=][A-Za-z0-9_+=-]{" + (TOKEN_LENGTH - 1) + ",}");

    private final List<String> secrets;

    private SecretMask(Collection<String> secrets) {
        this.secrets = secrets.stream().filter(Objects::nonNull).filter(value -> value.length() >= MIN_LENGTH)
                .distinct().sorted(Comparator.comparingInt(String::length).reversed()).toList();
    }

    /** The secrets among an app's environment values. */
    public static SecretMask of(Map<String, String> environment) {
        TreeSet<String> secrets = new TreeSet<>();
        environment.forEach((name, value) -> {
            if (SECRET_NAME.matcher(name).matches() || looksLikeToken(value)) {
                secrets.add(value);
            }
            urlPasswords(value).forEach(secrets::add);
        });
        return new SecretMask(secrets);
    }

    /** This mask and {@code more} secrets. */
    public SecretMask with(Collection<String> more) {
        return new SecretMask(Stream.concat(secrets.stream(), more.stream()).toList());
    }

    /** {@code text} with every known secret, and every URL's password, replaced by {@value #MASK}. */
    public String apply(String text) {
        String masked = text;
        for (String secret : secrets) {
            if (masked.contains(secret)) {
                masked = masked.replace(secret, MASK);
            }
        }
        return URL_CREDENTIALS.matcher(masked).replaceAll(match -> Matcher.quoteReplacement(match.group(1) + ":"
                + MASK + "@"));
    }

    private static boolean looksLikeToken(String value) {
        return TOKEN.matcher(value).matches() && value.chars().anyMatch(Character::isLetter)
                && value.chars().anyMatch(Character::isDigit);
    }

    private static Stream<String> urlPasswords(String value) {
        Matcher matcher = URL_CREDENTIALS.matcher(value);
        Stream.Builder<String> passwords = Stream.builder();
        while (matcher.find()) {
            String password = matcher.group(2);
            passwords.add(password);
            try {
                passwords.add(URLDecoder.decode(password, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException notEncoded) {
                // a password with a bare % is only ever written as it is
            }
        }
        return passwords.build();
    }
}
