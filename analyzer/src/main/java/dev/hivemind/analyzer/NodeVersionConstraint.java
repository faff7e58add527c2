package dev.hivemind.analyzer;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a Node.js version satisfies the app's runtime constraint, as npm reads {@code engines.node}: alternatives
 * joined by {@code ||}, each a space-separated list of comparators ({@code >=18}, {@code <21}, {@code ^20.11.0},
 * {@code ~22.1}, {@code 20.x}, {@code *}). A bare version ({@code 20}, {@code 20.11.1}, {@code v20.11.1} from
 * {@code .nvmrc}) asks for that major version, at least the version given: HiveMind runs the machine's Node.js, so
 * an exact patch pin would refuse nearly every machine. What it cannot read ({@code lts/iron}, {@code node}) is
 * not judged.
 */
final class NodeVersionConstraint {
    private static final Pattern COMPARATOR = Pattern.compile(
            "(?<op>>=|<=|>|<|=|\\^|~)?\\s*v?(?<major>\\d+|[xX*])(?:\\.(?<minor>\\d+|[xX*]))?(?:\\.(?<patch>\\d+|[xX*]))?"
            + "(?:-[0-9A-Za-z.-]+)?");

    private NodeVersionConstraint() {
    }

    /**
     * @param constraint e.g. {@code >=18 <21 || ^22}
     * @param version    e.g. {@code 20.11.1} or {@code v20.11.1}
     * @return empty when the constraint or the version is not one HiveMind reads
     */
    static Optional<Boolean> satisfies(String constraint, String version) {
        Optional<int[]> actual = parse(version.strip().replaceFirst("^v", ""));
        if (actual.isEmpty()) {
            return Optional.empty();
        }
        String trimmed = constraint.strip();
        if (trimmed.isEmpty() || trimmed.equals("*") || trimmed.equalsIgnoreCase("x")) {
            return Optional.of(true);
        }
        boolean any = false;
        for (String alternative : trimmed.split("\\|\\|")) {
            Optional<Boolean> one = all(alternative.strip(), actual.get());
            if (one.isEmpty()) {
                return Optional.empty();
            }
            any |= one.get();
        }
        return Optional.of(any);
    }

    private static Optional<Boolean> all(String comparators, int[] actual) {
        String joined = comparators.replaceAll("(>=|<=|>|<|=|\\^|~)\\s+", "$1");
        List<String> parts = Arrays.stream(joined.split("\\s+")).filter(part -> !part.isEmpty()).toList();
        if (parts.size() == 3 && parts.get(1).equals("-")) {
            return all(">=" + parts.get(0) + " <=" + parts.get(2), actual);
        }
        boolean satisfied = true;
        for (String part : parts) {
            Matcher matcher = COMPARATOR.matcher(part);
            if (!matcher.matches()) {
                return Optional.empty();
            }
            satisfied &= holds(matcher, actual);
        }
        return Optional.of(satisfied);
    }

    private static boolean holds(Matcher comparator, int[] actual) {
        String op = Optional.ofNullable(comparator.group("op")).orElse("");
        Integer major = number(comparator.group("major"));
        Integer minor = number(comparator.group("minor"));
        Integer patch = number(comparator.group("patch"));
        if (major == null) {
            return true;
        }
        int[] wanted = {major, minor == null ? 0 : minor, patch == null ? 0 : patch};
        int order = compare(actual, wanted);
        return switch (op) {
            case ">=" -> order >= 0;
            case ">" -> minor == null ? actual[0] > major : patch == null ? compare(actual, new int[] {major, minor,
                    Integer.MAX_VALUE}) > 0 : order > 0;
            case "<=" -> minor == null ? actual[0] <= major : patch == null ? actual[0] < major
                    || (actual[0] == major && actual[1] <= minor) : order <= 0;
            case "<" -> order < 0;
            case "~" -> actual[0] == major && (minor == null || actual[1] == minor) && order >= 0;
            case "=" -> partialEquals(actual, major, minor, patch);
            // ^ and a bare version: the same major, at least the version given
            default -> actual[0] == major && order >= 0;
        };
    }

    private static boolean partialEquals(int[] actual, int major, Integer minor, Integer patch) {
        return actual[0] == major && (minor == null || actual[1] == minor) && (patch == null || actual[2] == patch);
    }

    private static int compare(int[] a, int[] b) {
        for (int i = 0; i < 3; i++) {
            if (a[i] != b[i]) {
                return Integer.compare(a[i], b[i]);
            }
        }
        return 0;
    }

    private static Integer number(String part) {
        return part == null || !part.chars().allMatch(Character::isDigit) ? null : Integer.parseInt(part);
    }

    private static Optional<int[]> parse(String version) {
        Matcher matcher = Pattern.compile("(\\d+)\\.(\\d+)\\.(\\d+).*").matcher(version);
        return matcher.matches() ? Optional.of(new int[] {Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3))}) : Optional.empty();
    }
}
