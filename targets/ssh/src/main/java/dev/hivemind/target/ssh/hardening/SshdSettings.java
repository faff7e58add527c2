package dev.hivemind.target.ssh.hardening;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The settings sshd runs with, from {@code sshd -T} (keys in lower case, one {@code key value} a line;
 * {@code prohibit-password} shows as {@code without-password}).
 */
record SshdSettings(Map<String, String> values, Set<Integer> ports) {
    private static final List<String> SHOWN = List.of("passwordauthentication", "kbdinteractiveauthentication",
            "permitrootlogin");

    SshdSettings {
        values = Map.copyOf(values);
        ports = Set.copyOf(ports);
    }

    static SshdSettings parse(String output) {
        Map<String, String> values = output.lines().map(String::strip).filter(line -> line.contains(" "))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(' ')).toLowerCase(),
                        line -> line.substring(line.indexOf(' ') + 1).strip(), (first, later) -> first));
        Set<Integer> ports = output.lines().map(String::strip).filter(line -> line.matches("port [0-9]{1,5}"))
                .map(line -> Integer.parseInt(line.substring(5))).collect(Collectors.toCollection(TreeSet::new));
        return new SshdSettings(values, ports);
    }

    Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    boolean passwordsRefused() {
        return value("passwordauthentication").equals(Optional.of("no"))
                && value("kbdinteractiveauthentication").equals(Optional.of("no"));
    }

    /** Root may not log in with a password: {@code prohibit-password}, {@code forced-commands-only} or {@code no}. */
    boolean rootKeysOnly() {
        return value("permitrootlogin").filter(value -> !value.equals("yes")).isPresent();
    }

    boolean hardened() {
        return passwordsRefused() && rootKeysOnly();
    }

    /** {@code PasswordAuthentication yes, KbdInteractiveAuthentication no, PermitRootLogin without-password}. */
    String describe() {
        if (values.isEmpty()) {
            return "sshd -T printed no settings";
        }
        return SHOWN.stream().map(key -> name(key) + " " + value(key).orElse("(unset)"))
                .collect(Collectors.joining(", "));
    }

    private static String name(String key) {
        return switch (key) {
            case "passwordauthentication" -> "PasswordAuthentication";
            case "kbdinteractiveauthentication" -> "KbdInteractiveAuthentication";
            default -> "PermitRootLogin";
        };
    }
}
