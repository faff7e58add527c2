package dev.hivemind.target.local;

import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.host.HivemindHome;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.host.UserAccess;
import dev.hivemind.target.hardening.HardeningScore;
import dev.hivemind.target.hardening.Rubric;
import dev.hivemind.target.hardening.ScoredCheck;
import dev.hivemind.target.local.ListenerAudit.Listener;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Sheriff's checks on the local target, scored by the {@link Rubric} (docs/security.md): loopback-only
 * instances, private files, private directories, public endpoint bound as asked, TLS (HTTPS with the host
 * certificate, key 0600).
 */
final class LocalHardening {
    private final HivemindHome home;
    private final ListenerAudit audit;

    LocalHardening(HivemindHome home, ListenerAudit audit) {
        this.home = home;
        this.audit = audit;
    }

    SecurityConfig harden(String app, DeploymentConfig config, int publicPort, String bindAddress) {
        return harden(app, config, publicPort, bindAddress, false);
    }

    SecurityConfig harden(String app, DeploymentConfig config, int publicPort, String bindAddress, boolean tls) {
        List<Listener> listeners = config.pid().map(audit::listenersOfGroup).orElse(List.of());
        HardeningScore score = new HardeningScore(List.of(
                loopbackOnly(config, listeners),
                privateFiles(app, config),
                privateDirectories(app, config),
                publicEndpoint(publicPort, bindAddress),
                tls(publicPort, tls)));
        TreeSet<Integer> openPorts = listeners.stream().map(Listener::port).collect(Collectors.toCollection(TreeSet::new));
        openPorts.add(publicPort);
        String source = bindAddress.equals("127.0.0.1") ? "127.0.0.1/32" : "0.0.0.0/0";
        List<FirewallRule> rules = List.of(new FirewallRule(publicPort, "tcp", source, "edge proxy of " + app));
        return score.securityConfig(tls, tls ? Optional.of(home.tlsCertificate().toString()) : Optional.empty(), rules,
                List.copyOf(openPorts));
    }

    private ScoredCheck loopbackOnly(DeploymentConfig config, List<Listener> listeners) {
        List<Listener> exposed = listeners.stream().filter(listener -> !listener.loopback()).toList();
        boolean passed = !listeners.isEmpty() && exposed.isEmpty();
        String detail = listeners.isEmpty()
                ? "no listening socket found for pid " + config.pid().map(String::valueOf).orElse("(none)")
                : exposed.isEmpty() ? "the instance listens on " + listeners + ", loopback only, behind the proxy"
                : "the instance also listens on " + exposed + ", reachable without the proxy";
        return Rubric.INSTANCE_LOOPBACK_ONLY.check(passed, detail,
                "Make the app listen on the HOST it is given (127.0.0.1), e.g. server.listen(PORT, HOST)");
    }

    private ScoredCheck privateFiles(String app, DeploymentConfig config) {
        List<Path> files = List.of(home.deployment(config.releaseId()).resolve("env"),
                home.app(app).resolve("releases.json"), home.agent().resolve("desired.json"));
        List<String> wrong = files.stream().filter(Files::exists)
                .filter(file -> !PrivateFiles.mode(file).equals("rw-------"))
                .map(file -> file + " is " + PrivateFiles.mode(file)).toList();
        String detail = wrong.isEmpty() ? "files holding environment values are 0600" : String.join("; ", wrong);
        return Rubric.ENVIRONMENT_FILES_0600.check(wrong.isEmpty(), detail,
                "chmod 600 " + String.join(" ", files.stream().map(Path::toString).toList()));
    }

    /**
     * HIVEMIND_HOME's directories are 0700, or 0700 with only the search-only ACL entries HiveMind gives the PostgreSQL
     * user (its {@code rwx--x---} is the ACL mask, not access for the group). The remediation never clears such an
     * entry: {@code chmod 700} would, and the app's PostgreSQL would then not start.
     */
    private ScoredCheck privateDirectories(String app, DeploymentConfig config) {
        List<Path> directories = List.of(home.root(), home.deployment(config.releaseId()), home.app(app), home.agent());
        List<Path> notPrivate = directories.stream().filter(Files::isDirectory)
                .filter(directory -> !PrivateFiles.mode(directory).equals("rwx------")).toList();
        List<String> acl = new ArrayList<>();
        List<String> wrong = new ArrayList<>();
        List<Path> toChmod = new ArrayList<>();
        List<Path> toSetfacl = new ArrayList<>();
        for (Path directory : notPrivate) {
            Optional<List<String>> searchOnly = SearchOnlyAcl.of(directory);
            if (searchOnly.isPresent()) {
                acl.add(directory + " (search only for " + String.join(", ", searchOnly.get()) + ")");
                continue;
            }
            wrong.add(directory + " is " + PrivateFiles.mode(directory));
            (SearchOnlyAcl.extended(directory) ? toSetfacl : toChmod).add(directory);
        }
        String detail = wrong.isEmpty() ? "HIVEMIND_HOME directories are 0700" + (acl.isEmpty() ? ""
                : ", with HiveMind's search-only ACL entries for the PostgreSQL user: " + String.join("; ", acl))
                : String.join("; ", wrong);
        List<String> remedies = new ArrayList<>();
        if (!toChmod.isEmpty()) {
            remedies.add("chmod 700 " + String.join(" ", toChmod.stream().map(Path::toString).toList()));
        }
        if (!toSetfacl.isEmpty()) {
            remedies.add("setfacl -m g::---,o::--- " + String.join(" ", toSetfacl.stream().map(Path::toString)
                    .toList()) + " and remove any entry but HiveMind's search-only one with setfacl -x (chmod 700 "
                    + "would also mask the PostgreSQL user's search entry, and the app's database would not start)");
        }
        return Rubric.HOME_DIRECTORIES_0700.check(wrong.isEmpty(), detail, String.join("; ", remedies));
    }

    private ScoredCheck tls(int publicPort, boolean tls) {
        Path key = home.tlsCertificate().resolveSibling("host.key");
        boolean keyPrivate = Files.exists(key) && PrivateFiles.mode(key).equals("rw-------");
        boolean passed = tls && Files.exists(home.tlsCertificate()) && keyPrivate;
        String detail = !tls ? "the public endpoint serves plain HTTP"
                : passed ? "port " + publicPort + " serves HTTPS with the self-signed host certificate "
                        + home.tlsCertificate() + " (key 0600), redirects plain HTTP (308) and sends HSTS"
                : "TLS was asked for but the host certificate or its 0600 key is missing: " + home.tlsCertificate();
        return Rubric.TLS.check(passed, detail, tls
                ? "Redeploy with --tls so the agent creates the host certificate again"
                : "Deploy with --tls (or tls: true in hivemind.yaml) to serve HTTPS on port " + publicPort);
    }

    private ScoredCheck publicEndpoint(int publicPort, String bindAddress) {
        boolean loopback = bindAddress.equals("127.0.0.1");
        String detail = loopback ? "the proxy on port " + publicPort + " is reachable from this machine only"
                : "the proxy on port " + publicPort + " listens on every interface (--public)";
        return Rubric.PUBLIC_ENDPOINT.check(loopback, detail,
                "Port " + publicPort + " is open to the network (--public): allow only trusted sources in the host firewall");
    }
}
