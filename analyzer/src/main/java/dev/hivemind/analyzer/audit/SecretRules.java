package dev.hivemind.analyzer.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a committed secret looks like, line by line. Generic assignments are matched conservatively: a name that
 * says password, secret, token or API key, a literal value of at least {@value #MIN_LITERAL} characters (at least
 * {@value #MIN_QUOTED_CONFIG_LITERAL} quoted in a configuration file, where a quoted value is plainly a literal), and
 * no placeholder or variable reference in it.
 */
final class SecretRules {
    static final int MIN_LITERAL = 12;
    static final int MIN_QUOTED_CONFIG_LITERAL = 8;

    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN ((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)-----");
    private static final Pattern AWS_KEY_ID = Pattern.compile("(?<![A-Z0-9])(AKIA[0-9A-Z]{16})(?![A-Z0-9])");
    private static final Pattern AWS_SECRET_NAMED = Pattern.compile(
            "(?i)aws_?secret_?(?:access_?)?key[\"']?\\s*[:=]\\s*[\"']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern FORTY_CHARACTERS =
            Pattern.compile("(?<![A-Za-z0-9/+=])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])");
    private static final Pattern GITHUB_TOKEN =
            Pattern.compile("(?<![A-Za-z0-9_])(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})");
    private static final Pattern SLACK_TOKEN = Pattern.compile("(?<![A-Za-z0-9])(xox[baprs]-[A-Za-z0-9-]{10,})");
    private static final String SECRET_NAME =
            "[A-Za-z0-9_.-]*(?:password|passwd|secret|api[_-]?key|apikey|access[_-]?token|auth[_-]?token)";
    private static final Pattern QUOTED_ASSIGNMENT = Pattern.compile(
            "(?i)(?<name>" + SECRET_NAME + ")[\"']?\\s*(?::=|=|:|=>)\\s*[\"'](?<value>[^\"'\\s]{" + MIN_LITERAL
                    + ",})[\"']");
    /** In YAML and the like: a key (perhaps a list item's), then a quoted value, blanks and {@code #} included. */
    private static final Pattern QUOTED_CONFIG_ASSIGNMENT = Pattern.compile(
            "(?i)^\\s*(?:-\\s+)?[\"']?(?<name>" + SECRET_NAME + ")[\"']?\\s*[:=]\\s*(?<quote>[\"'])"
                    + "(?<value>(?:(?!\\k<quote>).){" + MIN_QUOTED_CONFIG_LITERAL + ",})\\k<quote>");
    private static final Pattern CONFIG_ASSIGNMENT = Pattern.compile(
            "(?i)^\\s*(?:-\\s+)?(?<name>" + SECRET_NAME + ")[\"']?\\s*[:=]\\s*[\"']?(?<value>[^\"'\\s#]{"
                    + MIN_LITERAL + ",})");
    private static final Pattern ENV_VALUE = Pattern.compile("^\\s*(?:export\\s+)?([A-Za-z_][A-Za-z0-9_]*)\\s*=\\s*(\\S.*)$");
    private static final Pattern ENV_SECRET_NAME = Pattern.compile(
            "(?i)(password|passwd|pwd|secret|token|key|credential|private|auth|salt|dsn|cookie|session)");
    private static final Pattern URL_PASSWORD = Pattern.compile("://[^/\\s:@]*:[^/\\s@]+@");
    private static final List<String> PLACEHOLDERS = List.of("${", "{{", "<", "%(", "process.env", "os.environ",
            "getenv", "changeme", "change_me", "change-me", "example", "placeholder", "xxxx", "your", "dummy", "redacted",
            "*****");
    private static final List<String> CONFIG_EXTENSIONS = List.of(".yml", ".yaml", ".properties", ".ini", ".toml",
            ".cfg", ".conf");

    private SecretRules() {
    }

    /** Whether {@code name} is a dotenv file meant to hold real values (not {@code .env.example} and the like). */
    static boolean isDotEnv(String name) {
        String lower = name.toLowerCase(Locale.ROOT);
        return (lower.equals(".env") || lower.startsWith(".env.")) && !lower.endsWith(".example")
                && !lower.endsWith(".sample") && !lower.endsWith(".template") && !lower.endsWith(".dist")
                && !lower.endsWith(".defaults");
    }

    /** The findings in one file's lines. */
    static List<SecretFinding> scan(String file, String name, List<String> lines) {
        if (isDotEnv(name)) {
            return dotEnv(file, lines);
        }
        boolean config = CONFIG_EXTENSIONS.stream().anyMatch(name.toLowerCase(Locale.ROOT)::endsWith);
        List<SecretFinding> found = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            found.addAll(inLine(file, index + 1, lines.get(index), config));
        }
        found.addAll(awsSecretsNextToKeyIds(file, lines, found));
        return found;
    }

    private static List<SecretFinding> inLine(String file, int number, String line, boolean config) {
        List<SecretFinding> found = new ArrayList<>();
        Matcher key = PRIVATE_KEY.matcher(line);
        if (key.find()) {
            found.add(new SecretFinding(file, number, "private key", "-----BEGIN " + key.group(1) + "-----"));
        }
        all(AWS_KEY_ID, line).forEach(value -> found.add(finding(file, number, "AWS access key id", value)));
        all(AWS_SECRET_NAMED, line).forEach(value ->
                found.add(finding(file, number, "AWS secret access key", value)));
        all(GITHUB_TOKEN, line).forEach(value -> found.add(finding(file, number, "GitHub token", value)));
        all(SLACK_TOKEN, line).forEach(value -> found.add(finding(file, number, "Slack token", value)));
        if (found.isEmpty()) {
            assignment(file, number, line, config).ifPresent(found::add);
        }
        return found;
    }

    private static Optional<SecretFinding> assignment(String file, int number, String line, boolean config) {
        List<Pattern> patterns = config ? List.of(QUOTED_CONFIG_ASSIGNMENT, CONFIG_ASSIGNMENT)
                : List.of(QUOTED_ASSIGNMENT);
        for (Pattern pattern : patterns) {
            Matcher matcher = pattern.matcher(line);
            while (matcher.find()) {
                String value = matcher.group("value");
                if (looksReal(value)) {
                    return Optional.of(finding(file, number, "literal "
                            + matcher.group("name").toLowerCase(Locale.ROOT) + " value", value));
                }
            }
        }
        return Optional.empty();
    }

    /** An AWS secret key is a bare 40-character token; it is only told from other tokens by a key id near it. */
    private static List<SecretFinding> awsSecretsNextToKeyIds(String file, List<String> lines,
                                                             List<SecretFinding> found) {
        List<SecretFinding> secrets = new ArrayList<>();
        for (SecretFinding keyId : found.stream().filter(f -> f.kind().equals("AWS access key id")).toList()) {
            for (int number = Math.max(1, keyId.line() - 2); number <= Math.min(lines.size(), keyId.line() + 2);
                 number++) {
                int line = number;
                boolean known = found.stream().anyMatch(f -> f.line() == line && f.kind().startsWith("AWS secret"))
                        || secrets.stream().anyMatch(f -> f.line() == line);
                all(FORTY_CHARACTERS, lines.get(number - 1)).stream().filter(SecretRules::mixed).findFirst()
                        .filter(value -> !known)
                        .ifPresent(value -> secrets.add(finding(file, line, "AWS secret access key", value)));
            }
        }
        return secrets;
    }

    private static List<SecretFinding> dotEnv(String file, List<String> lines) {
        List<SecretFinding> found = new ArrayList<>();
        for (int index = 0; index < lines.size(); index++) {
            Matcher matcher = ENV_VALUE.matcher(lines.get(index));
            if (!lines.get(index).strip().startsWith("#") && matcher.matches()) {
                String value = matcher.group(2).strip().replaceAll("^[\"']|[\"']$", "");
                if (!value.isEmpty() && !value.startsWith("#") && secretInDotEnv(matcher.group(1), value)) {
                    found.add(finding(file, index + 1, "value of " + matcher.group(1) + " in a committed .env file",
                            value));
                }
            }
        }
        return found;
    }

    /**
     * Whether a committed .env line holds a secret: a name that says so ({@code *_PASSWORD}, {@code *_TOKEN},
     * {@code *_KEY}, {@code *_SECRET}, credentials), a URL carrying a password, or a random-looking token; a setting
     * such as {@code REPEAT=10}, {@code NODE_ENV=production} or {@code PORT=3000} is not one.
     */
    private static boolean secretInDotEnv(String name, String value) {
        return looksReal(value) && (ENV_SECRET_NAME.matcher(name).find() || URL_PASSWORD.matcher(value).find()
                || value.length() >= 20 && mixed(value));
    }

    private static boolean looksReal(String value) {
        String lower = value.toLowerCase(Locale.ROOT);
        return PLACEHOLDERS.stream().noneMatch(lower::contains) && !value.startsWith("$")
                && value.chars().distinct().count() > 3;
    }

    /** Letters of both cases and a digit: a random token, not a word or a path. */
    private static boolean mixed(String value) {
        return value.chars().anyMatch(Character::isUpperCase) && value.chars().anyMatch(Character::isLowerCase)
                && value.chars().anyMatch(Character::isDigit);
    }

    private static List<String> all(Pattern pattern, String line) {
        List<String> values = new ArrayList<>();
        Matcher matcher = pattern.matcher(line);
        while (matcher.find()) {
            values.add(matcher.group(1));
        }
        return values;
    }

    private static SecretFinding finding(String file, int line, String kind, String value) {
        return new SecretFinding(file, line, kind, redact(value));
    }

    /** The first four characters (two of a short value) and the length: enough to find it, too little to use it. */
    static String redact(String value) {
        int shown = value.length() >= 12 ? 4 : Math.min(2, value.length() / 3);
        return value.substring(0, shown) + "…, " + value.length() + " characters";
    }
}
