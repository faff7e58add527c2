package dev.hivemind.analyzer.stack.node;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whether a Node.js version satisfies a package.json {@code engines.node} range, as npm's semver reads it: sets
 * joined by {@code ||}, each a list of comparators ({@code >=18}, {@code <21}, {@code ^20.1.0}, {@code ~18.17},
 * {@code 20.x}, {@code 18 - 20}); a partial version ({@code 20}, {@code 20.11}) is the range of what it leaves open.
 * A bare full version ({@code 20.11.1}, as {@code .nvmrc} pins it) is read as {@code ^20.11.1}: the same major, at
 * least that version, since HiveMind runs the machine's Node.js rather than installing the exact one;
 * {@code =20.11.1} is exact. Pre-release tags are ignored.
 */
public final class NodeVersionRange {
    private static final Pattern COMPARATOR = Pattern.compile(
            "^(<=|>=|<|>|=|\\^|~>?)?\\s*v?(\\d+|[xX*])(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?(?:[-+][0-9A-Za-z.-]*)?$");
    private static final Pattern HYPHEN = Pattern.compile("^(\\S+)\\s+-\\s+(\\S+)$");

    private NodeVersionRange() {
    }

    /** Empty when the range is not one this class can read (then nothing is checked). */
    public static Optional<Boolean> satisfies(String range, String version) {
        Optional<Version> actual = Version.parse(version.strip().replaceFirst("^[vV]", ""))
                .filter(parsed -> parsed.given() == 3);
        if (actual.isEmpty()) {
            return Optional.empty();
        }
        boolean any = false;
        for (String set : range.split("\\|\\|")) {
            Optional<List<Bounds>> bounds = set(set.strip());
            if (bounds.isEmpty()) {
                return Optional.empty();
            }
            any |= bounds.get().stream().allMatch(bound -> bound.contains(actual.get()));
        }
        return Optional.of(any);
    }

    private static Optional<List<Bounds>> set(String set) {
        Matcher hyphen = HYPHEN.matcher(set);
        if (hyphen.matches()) {
            Optional<Bounds> from = comparator(">=" + hyphen.group(1));
            Optional<Bounds> to = comparator("<=" + hyphen.group(2));
            return from.isPresent() && to.isPresent() ? Optional.of(List.of(from.get(), to.get())) : Optional.empty();
        }
        List<Bounds> bounds = new ArrayList<>();
        String joined = set.replaceAll("(<=|>=|<|>|=|\\^|~>?)\\s+", "$1");
        for (String text : joined.isEmpty() ? new String[] {"*"} : joined.split("\\s+")) {
            Optional<Bounds> bound = comparator(text);
            if (bound.isEmpty()) {
                return Optional.empty();
            }
            bounds.add(bound.get());
        }
        return Optional.of(bounds);
    }

    private static Optional<Bounds> comparator(String text) {
        Matcher matcher = COMPARATOR.matcher(text);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        String operator = matcher.group(1) == null ? "" : matcher.group(1);
        Version version = Version.of(matcher.group(2), matcher.group(3), matcher.group(4));
        return Optional.of(switch (operator) {
            // a bare full version (an .nvmrc pin) is read as ^: HiveMind runs the machine's Node.js, not that one
            case "" -> new Bounds(Optional.of(version.floor()), version.given() == 3 ? Optional.of(version.caretEnd())
                    : version.openEnd());
            case "=" -> new Bounds(Optional.of(version.floor()), version.openEnd());
            case ">=" -> new Bounds(Optional.of(version.floor()), Optional.empty());
            case ">" -> new Bounds(Optional.of(version.openEnd().orElse(new Version(Integer.MAX_VALUE, 0, 0, 3))),
                    Optional.empty());
            case "<" -> new Bounds(Optional.empty(), Optional.of(version.floor()));
            case "<=" -> new Bounds(Optional.empty(), version.openEnd());
            // ~* and ^* are any version, as * is
            case "~", "~>" -> new Bounds(Optional.of(version.floor()), version.given() == 0 ? Optional.empty()
                    : Optional.of(version.given() == 1 ? new Version(version.major() + 1, 0, 0, 3)
                    : new Version(version.major(), version.minor() + 1, 0, 3)));
            case "^" -> new Bounds(Optional.of(version.floor()), version.given() == 0 ? Optional.empty()
                    : Optional.of(version.caretEnd()));
            default -> throw new IllegalStateException("unexpected operator " + operator);
        });
    }

    /** Versions from {@code lower} (inclusive) up to {@code upper} (exclusive); an empty bound is open. */
    private record Bounds(Optional<Version> lower, Optional<Version> upper) {
        boolean contains(Version version) {
            return lower.map(low -> version.compareTo(low) >= 0).orElse(true)
                    && upper.map(high -> version.compareTo(high) < 0).orElse(true);
        }
    }

    /** A version with the number of its parts that were given (a wildcard ends them). */
    private record Version(int major, int minor, int patch, int given) implements Comparable<Version> {
        static Optional<Version> parse(String text) {
            Matcher matcher = COMPARATOR.matcher(text);
            return matcher.matches() && matcher.group(1) == null
                    ? Optional.of(of(matcher.group(2), matcher.group(3), matcher.group(4))) : Optional.empty();
        }

        static Version of(String major, String minor, String patch) {
            List<Integer> numbers = new ArrayList<>();
            for (String part : Arrays.asList(major, minor, patch)) {
                if (part == null || !part.chars().allMatch(Character::isDigit)) {
                    break;
                }
                numbers.add(Integer.parseInt(part));
            }
            int given = numbers.size();
            while (numbers.size() < 3) {
                numbers.add(0);
            }
            return new Version(numbers.get(0), numbers.get(1), numbers.get(2), given);
        }

        Version floor() {
            return new Version(major, minor, patch, 3);
        }

        /** The first version past what a partial version leaves open; none for {@code *}, itself + 1 when full. */
        Optional<Version> openEnd() {
            return switch (given) {
                case 0 -> Optional.empty();
                case 1 -> Optional.of(new Version(major + 1, 0, 0, 3));
                case 2 -> Optional.of(new Version(major, minor + 1, 0, 3));
                default -> Optional.of(new Version(major, minor, patch + 1, 3));
            };
        }

        /** {@code ^}: changes that do not modify the left-most non-zero part. */
        Version caretEnd() {
            if (major > 0 || given == 1) {
                return new Version(major + 1, 0, 0, 3);
            }
            if (minor > 0 || given == 2) {
                return new Version(0, minor + 1, 0, 3);
            }
            return new Version(0, 0, patch + 1, 3);
        }

        @Override
        public int compareTo(Version other) {
            int order = Integer.compare(major, other.major);
            order = order != 0 ? order : Integer.compare(minor, other.minor);
            return order != 0 ? order : Integer.compare(patch, other.patch);
        }
    }
}
