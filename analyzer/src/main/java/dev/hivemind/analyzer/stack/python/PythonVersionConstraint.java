package dev.hivemind.analyzer.stack.python;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether an interpreter's version satisfies what an app asks for: a bare version ({@code 3.11}, {@code 3.11.7},
 * from .python-version or runtime.txt) must match on major.minor; a specifier list ({@code >=3.9,<4},
 * {@code ~=3.10}, {@code ==3.11.*}) is judged as PEP 440 judges it ({@code packaging.specifiers}, which a differential
 * test compares it with), and poetry's {@code ^3.10} and {@code ~3.10} clause by clause.
 */
public final class PythonVersionConstraint {
    private static final Pattern CLAUSE = Pattern.compile("^(~=|===|==|!=|<=|>=|<|>|\\^|~)?\\s*v?(\\d{1,6}(?:\\.\\d{1,6})*)(\\.\\*)?$");

    private PythonVersionConstraint() {
    }

    /** Empty when the constraint is not one this class can read (then nothing is checked). */
    public static Optional<Boolean> satisfies(String constraint, String version) {
        List<Integer> actual = numbers(version);
        boolean all = true;
        for (String clause : constraint.split(",")) {
            String text = clause.strip();
            if (text.isEmpty() || text.equals("*")) {
                continue;
            }
            Matcher matcher = CLAUSE.matcher(text);
            String operator = matcher.matches() ? Objects.requireNonNullElse(matcher.group(1), "") : "";
            boolean wildcard = matcher.matches() && matcher.group(3) != null;
            if (!matcher.matches() || actual.isEmpty() || wildcard && !operator.equals("==") && !operator.equals("!=")
                    || operator.equals("~=") && !matcher.group(2).contains(".")) {
                return Optional.empty();
            }
            List<Integer> wanted = numbers(matcher.group(2));
            all &= wildcard ? operator.equals("==") == samePrefix(actual, wanted) : holds(operator, wanted, actual);
        }
        return Optional.of(all);
    }

    private static boolean holds(String operator, List<Integer> wanted, List<Integer> actual) {
        int order = compare(actual, wanted);
        return switch (operator) {
            case "" -> samePrefix(actual, wanted.subList(0, Math.min(2, wanted.size())));
            // PEP 440: ==3.11 is 3.11.0 exactly (zero-padded); ==3.11.* is the prefix, above
            case "==", "===" -> order == 0;
            case "!=" -> order != 0;
            case ">=" -> order >= 0;
            case "<=" -> order <= 0;
            case ">" -> order > 0;
            case "<" -> order < 0;
            case "~=" -> order >= 0 && samePrefix(actual, wanted.subList(0, Math.max(1, wanted.size() - 1)));
            case "^" -> order >= 0 && samePrefix(actual, wanted.subList(0, 1));
            case "~" -> order >= 0 && samePrefix(actual, wanted.subList(0, Math.min(2, wanted.size())));
            default -> throw new IllegalStateException("unexpected operator " + operator);
        };
    }

    /** Whether {@code actual}, zero-padded as PEP 440 pads it ({@code 3.3} is {@code 3.3.0}), starts with prefix. */
    private static boolean samePrefix(List<Integer> actual, List<Integer> prefix) {
        for (int i = 0; i < prefix.size(); i++) {
            if ((i < actual.size() ? actual.get(i) : 0) != prefix.get(i)) {
                return false;
            }
        }
        return true;
    }

    private static int compare(List<Integer> left, List<Integer> right) {
        for (int i = 0; i < Math.max(left.size(), right.size()); i++) {
            int difference = Integer.compare(i < left.size() ? left.get(i) : 0, i < right.size() ? right.get(i) : 0);
            if (difference != 0) {
                return difference;
            }
        }
        return 0;
    }

    /** {@code 3.11.7} as [3, 11, 7]; the digits before anything else ({@code 3.13.0rc1} is [3, 13, 0]). */
    static List<Integer> numbers(String version) {
        Matcher leading = Pattern.compile("^\\s*v?(\\d{1,6}(?:\\.\\d{1,6})*)").matcher(version);
        if (!leading.find()) {
            return List.of();
        }
        return Arrays.stream(leading.group(1).split("\\.")).map(Integer::valueOf).toList();
    }
}
