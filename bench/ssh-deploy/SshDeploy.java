import dev.hivemind.testing.hosts.TestHost;
import dev.hivemind.testing.hosts.TestHosts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Deploys a copy of examples/node-express to two test hosts three times — first, unchanged (a new APP_VERSION, the
 * same artifact), then with one file changed — and reports each deploy's wall time and the bytes it uploaded.
 */
public final class SshDeploy {
    private static final Pattern UPLOADED = Pattern.compile("uploaded (\\d+) of (\\d+) file\\(s\\), (\\d+) bytes");

    record Round(String name, double seconds, long files, long bytes, long total) { }

    public static void main(String[] args) throws Exception {
        Bench bench = new Bench();
        Path app = Files.createTempDirectory("hivemind-bench-app-").resolve("node-express");
        copy(bench.root.resolve("examples/node-express"), app);
        List<Round> rounds = new ArrayList<>();
        try (TestHosts hosts = TestHosts.boot(2)) {
            hosts.start();
            List<String> deploy = new ArrayList<>(List.of("deploy", app.toString(), "--app", "bench-ssh", "--target",
                    "ssh", "--ssh-key", hosts.clientKey().toString(), "--no-harden"));
            for (TestHost host : hosts.hosts()) {
                deploy.addAll(List.of("--host", "root@" + host.address()));
            }
            rounds.add(round(bench, "first deploy (bootstrap, agent, whole artifact)", deploy, "v1"));
            rounds.add(round(bench, "redeploy, same artifact", deploy, "v2"));
            Files.writeString(app.resolve("server.js"), "\n// changed for the benchmark\n",
                    java.nio.file.StandardOpenOption.APPEND);
            rounds.add(round(bench, "redeploy, server.js changed", deploy, "v3"));
            bench.hivemind("destroy", "bench-ssh", "--auto-approve");
        }
        StringBuilder table = new StringBuilder("| round | wall time | files uploaded (2 hosts) | bytes uploaded "
                + "(2 hosts) |\n|---|---|---|---|\n");
        for (Round round : rounds) {
            table.append(String.format(Locale.ROOT, "| %s | %.1f s | %d of %d | %d |%n", round.name(), round.seconds(),
                    round.files(), round.total(), round.bytes()));
        }
        String result = "# ssh-deploy\n\nTwo test hosts (Debian 12, systemd, sshd in "
                + "network namespaces), examples/node-express, blue-green, --no-harden. Bytes are the artifact's files sent over SFTP; "
                + "the agent's jar and Java runtime, uploaded once per host by the first deploy's bootstrap, are not "
                + "counted.\n\n" + table;
        bench.write("ssh-deploy", result);
        if (rounds.get(1).bytes() != 0) {
            System.err.println("the unchanged redeploy uploaded " + rounds.get(1).bytes() + " bytes (target 0)");
            System.exit(1);
        }
    }

    private static Round round(Bench bench, String name, List<String> deploy, String version) throws Exception {
        List<String> args = new ArrayList<>(deploy);
        args.addAll(List.of("--env", "APP_VERSION=" + version));
        long started = System.nanoTime();
        String output = bench.hivemind(args.toArray(String[]::new));
        double seconds = (System.nanoTime() - started) / 1e9;
        long files = 0;
        long bytes = 0;
        long total = 0;
        Matcher matcher = UPLOADED.matcher(output);
        while (matcher.find()) {
            files += Long.parseLong(matcher.group(1));
            total += Long.parseLong(matcher.group(2));
            bytes += Long.parseLong(matcher.group(3));
        }
        System.out.printf(Locale.ROOT, "%s: %.1f s, %d bytes in %d file(s)%n", name, seconds, bytes, files);
        return new Round(name, seconds, files, bytes, total);
    }

    private static void copy(Path from, Path to) throws java.io.IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : files.filter(path -> !path.toString().contains("node_modules")).toList()) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
    }
}
