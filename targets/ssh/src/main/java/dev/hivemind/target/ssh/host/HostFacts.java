package dev.hivemind.target.ssh.host;

import dev.hivemind.target.ssh.connection.CommandResult;
import dev.hivemind.target.ssh.connection.RemoteShell;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What a host is, read in one command: its OS, architecture, whether systemd is its init, free disk, and the
 * versions of the runtimes on its {@code PATH}.
 *
 * @param sudo       whether scripts run as root (a root login, or {@code sudo -n} without a password)
 * @param sudoDetail what sudo said when it refused
 */
public record HostFacts(boolean sudo, String sudoDetail, String os, String osVersion, String osName, String arch,
                        boolean systemd, long freeKilobytes, Map<String, String> commands) {

    /** The distributions whose packages and layout HiveMind knows. */
    public static final java.util.Set<String> SUPPORTED_OS = java.util.Set.of("debian", "ubuntu");
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?");
    static final String PROBE = String.join("\n",
            ". /etc/os-release 2>/dev/null",
            "echo \"os=$ID\"; echo \"os_version=$VERSION_ID\"; echo \"os_name=$PRETTY_NAME\"",
            "echo \"arch=$(uname -m)\"",
            "if [ -d /run/systemd/system ]; then echo systemd=yes; else echo systemd=no; fi",
            "echo \"free_kb=$(df -Pk /var/lib | awk 'NR==2 {print $4}')\"",
            "for c in node npm python3 java go apt-get ss; do",
            "  if command -v $c >/dev/null 2>&1; then",
            "    case $c in java) v=$(java -version 2>&1 | head -n 1);; go) v=$(go version);;"
                    + " apt-get|ss) v=present;; *) v=$($c --version 2>&1 | head -n 1);; esac",
            "    echo \"has_$c=$v\"",
            "  fi",
            "done");

    /** Reads the facts of the host behind {@code shell}. */
    public static HostFacts probe(RemoteShell shell) {
        CommandResult result = shell.run(PROBE);
        if (!result.ok()) {
            String said = result.lastLines();
            return new HostFacts(false, said, "", "", "", "", false, 0, Map.of());
        }
        Map<String, String> values = result.stdout().lines().filter(line -> line.contains("="))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf('=')),
                        line -> line.substring(line.indexOf('=') + 1).strip(), (a, b) -> b));
        Map<String, String> commands = values.entrySet().stream().filter(entry -> entry.getKey().startsWith("has_"))
                .collect(Collectors.toMap(entry -> entry.getKey().substring(4), Map.Entry::getValue));
        return new HostFacts(true, "", values.getOrDefault("os", ""), values.getOrDefault("os_version", ""),
                values.getOrDefault("os_name", ""), values.getOrDefault("arch", ""),
                "yes".equals(values.get("systemd")), parseLong(values.getOrDefault("free_kb", "0")), Map.copyOf(commands));
    }

    public boolean supportedOs() {
        return SUPPORTED_OS.contains(os);
    }

    /** The major version of a runtime on the host's PATH ({@code node}, {@code python3}, {@code java}, {@code go}). */
    public Optional<Integer> majorVersion(String command) {
        return Optional.ofNullable(commands.get(command)).flatMap(HostFacts::firstVersion).map(version -> {
            // "go version go1.19.8" and "Python 3.11.2" both lead with their major; Go's is the minor that counts.
            return command.equals("go") ? version[1] : version[0];
        });
    }

    /** The first {@code major.minor} in {@code text} (a leading 'v' or "version" allowed). */
    static Optional<Integer[]> firstVersion(String text) {
        Matcher matcher = VERSION.matcher(text);
        if (!matcher.find()) {
            return Optional.empty();
        }
        int minor = matcher.group(2) == null ? 0 : Integer.parseInt(matcher.group(2));
        return Optional.of(new Integer[] {Integer.parseInt(matcher.group(1)), minor});
    }

    /** {@code uname -m} as the JDK names architectures ({@code os.arch}). */
    public String javaArch() {
        return switch (arch) {
            case "x86_64" -> "amd64";
            case "aarch64", "arm64" -> "aarch64";
            default -> arch;
        };
    }

    private static long parseLong(String text) {
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return osName + " " + arch + (systemd ? " (systemd)" : " (no systemd)") + " "
                + Arrays.toString(commands.keySet().toArray());
    }
}
