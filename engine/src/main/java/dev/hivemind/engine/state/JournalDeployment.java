package dev.hivemind.engine.state;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DatabaseInfo;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.engine.preflight.DiskSpace;
import dev.hivemind.engine.report.Markdown;
import java.util.Locale;
import java.util.TreeSet;

/** The journal's "Application Deployment" section: stack, artifact, release and hardening. */
final class JournalDeployment {

    private JournalDeployment() {
    }

    static void render(DeploymentState state, Markdown md) {
        md.line("### Tech stack").blank();
        state.techStack().ifPresentOrElse(stack -> stack(stack, md), () -> md.line("Not analyzed yet."));
        md.blank().line("### Build artifact").blank();
        state.buildArtifact().ifPresentOrElse(artifact -> artifact(artifact, md), () -> md.line("Not built yet."));
        md.blank().line("### Database").blank();
        state.database().ifPresentOrElse(database -> database(database, md), () -> md.line("None given to the app."));
        md.blank().line("### Release").blank();
        state.deploymentConfig().ifPresentOrElse(config -> release(config, md), () -> md.line("Not deployed yet."));
        md.blank().line("### Hardening").blank();
        state.securityConfig().ifPresentOrElse(security -> security(security, md), () -> md.line("Not hardened yet."));
    }

    private static void stack(TechStack stack, Markdown md) {
        md.item("Language: " + stack.language() + " " + stack.runtimeVersion() + ", framework " + stack.framework());
        md.item("Build tool: " + stack.buildTool() + "; start command `" + stack.startCommand() + "`");
        md.item("Database: " + stack.databaseType().orElse("none"));
        stack.migrateCommand().ifPresent(command -> md.item("Migration: `" + command + "`"));
        md.item("Dependencies: " + (stack.dependencies().isEmpty() ? "none" : String.join(", ", stack.dependencies())));
        stack.healthCheckPath().ifPresent(path -> md.item("Declared health path: " + path));
    }

    private static void database(DatabaseInfo database, Markdown md) {
        md.item(database.engine() + " database " + database.database() + " on " + database.host() + ":"
                + database.port() + " for role " + database.role() + (database.provisioned()
                ? ", run by HiveMind" + database.dataDirectory().map(dir -> " (data in " + dir + ")").orElse("")
                : ", given by DATABASE_URL"));
        database.passwordFile().ifPresent(file -> md.item("Password: in " + file + " (0600), never here"));
        database.backupPath().ifPresent(path -> md.item("Backup before this deployment's migration: " + path
                + " (restore with pg_restore --clean --if-exists)"));
    }

    private static void artifact(BuildArtifact artifact, Markdown md) {
        md.item("Path: " + artifact.path() + " (" + artifact.type() + ", " + DiskSpace.human(artifact.sizeBytes())
                + ")");
        md.item("Checksum: " + artifact.checksum());
        md.item(String.format(Locale.ROOT, "Built with `%s` in %.1f s", artifact.buildCommand(),
                artifact.buildDurationSeconds()));
    }

    private static void release(DeploymentConfig config, Markdown md) {
        md.item("Release " + config.releaseId() + " of " + config.serviceName() + ": " + config.serviceStatus()
                + config.pid().map(pid -> ", pid " + pid).orElse(""));
        md.item("Public port " + config.appPort() + ", instance port " + config.instancePort() + ", health path "
                + config.healthCheckPath());
        md.item("Environment variables: " + (config.environmentVariables().isEmpty() ? "none"
                : String.join(", ", new TreeSet<>(config.environmentVariables().keySet())) + " (values redacted)"));
        md.item("Log: " + config.logPath());
    }

    private static void security(SecurityConfig security, Markdown md) {
        md.item("Security score " + security.securityScore() + "/100, TLS " + (security.sslEnabled() ? "on" : "off")
                + security.certificateArn().map(arn -> " (certificate " + arn + ")").orElse(""));
        md.item("Open ports: " + security.openPorts());
        for (FirewallRule rule : security.firewallRules()) {
            md.item("Allows " + rule.protocol() + "/" + rule.port() + " from " + rule.source() + ": "
                    + rule.description());
        }
        security.vulnerabilityScanResults().forEach(check -> md.item("Check " + check.name() + ": "
                + (check.passed() ? "passed" : "did not pass") + " (" + Markdown.oneLine(check.detail()) + ")"));
        security.recommendations().forEach(recommendation -> md.item("Recommendation: " + recommendation));
    }
}
