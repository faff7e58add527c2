package dev.hivemind.engine.state;

import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.host.PrivateFiles;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.GateKeeper;
import dev.hivemind.engine.NextSteps;
import dev.hivemind.engine.report.Markdown;
import dev.hivemind.engine.report.Numbers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a deployment's journal ({@code journal.md}): current phase, git references, deployment plan,
 * infrastructure changes, application deployment, validation results, a timestamped progress log and key
 * learnings (the next steps are part of the current phase). Rendered from the state only, which holds no secrets.
 */
public final class JournalWriter {
    /** The journal's section headings, in order. */
    public static final List<String> SECTIONS = List.of("Current Phase", "Git References", "Deployment Plan",
            "Infrastructure Changes", "Application Deployment", "Validation Results", "Progress Log",
            "Key Learnings");

    /**
     * Writes the journal atomically, mode 0600. It is not synced to disk: the journal is rendered from the state,
     * which is, and the next phase rewrites it.
     */
    public void write(DeploymentState state, Path file) {
        try {
            PrivateFiles.writeAtomically(file, render(state).getBytes(StandardCharsets.UTF_8), false);
        } catch (IOException error) {
            throw IoErrors.failure("write the journal", file, error);
        }
    }

    /** The journal as Markdown. */
    public String render(DeploymentState state) {
        Markdown md = new Markdown();
        md.line("# Deployment journal: " + state.app()).blank();
        md.line("Deployment `" + state.deploymentId() + "` of app `" + state.app() + "` from " + state.repoUrl()
                + " to target " + state.target() + ".").blank();
        currentPhase(state, md.section(SECTIONS.get(0)));
        gitReferences(state, md.section(SECTIONS.get(1)));
        plan(state, md.section(SECTIONS.get(2)));
        infrastructure(state, md.section(SECTIONS.get(3)));
        JournalDeployment.render(state, md.section(SECTIONS.get(4)));
        validation(state, md.section(SECTIONS.get(5)));
        progressLog(state, md.section(SECTIONS.get(6)));
        learnings(state, md.section(SECTIONS.get(7)));
        return md.toString();
    }

    private static void currentPhase(DeploymentState state, Markdown md) {
        md.item("Status: **" + state.status() + "**" + state.completedAt().map(at -> " (finished " + at + ")")
                .orElse(""));
        currentStage(state).ifPresent(stage -> md.item("Stage: " + stage.name().number() + " " + stage.name()
                + " (" + stage.status() + ", agent " + stage.name().agent() + ")"));
        md.item("Created " + state.createdAt() + ", updated " + state.updatedAt());
        state.url().ifPresent(url -> md.item("URL: " + url));
        if (!state.description().isBlank()) {
            md.item("Description: " + state.description());
        }
        md.blank().line("Next steps:").blank();
        NextSteps.after(state).forEach(step -> md.item("`" + step + "`"));
    }

    private static java.util.Optional<StageRecord> currentStage(DeploymentState state) {
        return state.stages().stream().filter(stage -> stage.status() == StageStatus.RUNNING
                        || stage.status() == StageStatus.FAILED).findFirst()
                .or(() -> state.stages().stream().filter(stage -> stage.status() != StageStatus.PENDING)
                        .reduce((first, second) -> second));
    }

    private static void gitReferences(DeploymentState state, Markdown md) {
        state.git().ifPresentOrElse(git -> {
            md.item("Repository: " + git.repository());
            md.item("Branch: " + git.branch().orElse("(none: not a git checkout)"));
            md.item("Commit: " + git.commit().orElse("(none: not a git checkout)"));
        }, () -> md.line("The source has not been fetched yet (" + state.repoUrl() + ")."));
    }

    private static void plan(DeploymentState state, Markdown md) {
        md.line("Environment " + state.request().environment() + ", strategy " + state.strategy() + ", region "
                + state.region()
                + state.request().appDir().map(dir -> ", app directory " + dir).orElse("") + ".").blank();
        md.row("#", "stage", "agent", "what it does", "status", "attempts", "started", "took").rule(8);
        for (StageRecord stage : state.stages()) {
            md.row(stage.name().number(), stage.name().toString(), stage.name().agent().displayName(),
                    stage.name().summary(),
                    stage.status().toString(), String.valueOf(stage.attempts()),
                    stage.startedAt().map(Object::toString).orElse(""), took(stage));
        }
        hooks(state, md);
    }

    /** The hooks of hivemind.yaml, where each runs and how far it got. */
    private static void hooks(DeploymentState state, Markdown md) {
        if (state.hooks().isEmpty()) {
            return;
        }
        md.blank().line("Hooks from hivemind.yaml:").blank();
        for (HookStep hook : state.hooks()) {
            String where = hook.name().stage().map(stage -> (hook.name().before() ? "before " : "after ")
                    + stage.number() + " " + stage).orElse("when `hivemind destroy` starts");
            md.item(hook.name() + " (" + where + ", timeout " + GateKeeper.describe(hook.timeout()) + "): `"
                    + Markdown.oneLine(String.join("; ", hook.commands())) + "`: " + hook.status()
                    + (hook.attempts() > 1 ? " after " + hook.attempts() + " attempts" : ""));
        }
    }

    private static void infrastructure(DeploymentState state, Markdown md) {
        state.infrastructure().ifPresentOrElse(infrastructure -> {
            md.item("Target: " + infrastructure.target());
            md.item("Estimated cost: " + Numbers.dollars(state.estimatedCostPerMonth()) + " a month");
            Map<String, String> properties = new TreeMap<>(infrastructure.properties());
            properties.forEach((name, value) -> md.item(name + ": " + value));
            infrastructure.resources().forEach(resource -> md.item("Created " + resource.type() + " `"
                    + resource.id() + "`: " + resource.description()));
        }, () -> md.line("Nothing provisioned yet."));
    }

    private static void validation(DeploymentState state, Markdown md) {
        if (state.validation().isEmpty()) {
            md.line("Not validated yet.");
            return;
        }
        md.row("check", "URL", "result", "status", "time", "detail").rule(6);
        for (ValidationCheck check : state.validation()) {
            md.row(check.name(), check.url(), check.passed() ? "passed" : "FAILED", check.statusText(),
                    check.durationMillis() + " ms", check.detail());
        }
    }

    private static void progressLog(DeploymentState state, Markdown md) {
        if (state.logs().isEmpty()) {
            md.line("Nothing logged yet.");
        }
        for (LogEntry entry : state.logs()) {
            md.item("`" + entry.timestamp() + "` [" + entry.agent().displayName() + "] " + entry.level() + " "
                    + Markdown.oneLine(entry.message()));
        }
    }

    private static void learnings(DeploymentState state, Markdown md) {
        int before = md.length();
        for (ErrorEntry error : state.errors()) {
            md.item("**[HiveMind " + error.agent().displayName() + "] " + error.errorType() + "** at "
                    + error.timestamp() + ": " + Markdown.oneLine(error.message()));
            md.line("  - Context: " + Markdown.oneLine(error.context()));
            md.line("  - Remediation: " + Markdown.oneLine(error.remediation()));
        }
        state.stages().stream().filter(stage -> stage.attempts() > 1).forEach(stage -> md.item("Stage "
                + stage.name() + " took " + stage.attempts() + " attempts"));
        state.logs().stream().filter(entry -> entry.level() == LogEntry.Level.WARN).forEach(entry -> md.item(
                "Warning from " + entry.agent().displayName() + ": " + Markdown.oneLine(entry.message())));
        if (md.length() == before) {
            md.line("No errors, retries or warnings.");
        }
    }

    static String took(StageRecord stage) {
        if (stage.startedAt().isEmpty() || stage.finishedAt().isEmpty()) {
            return "";
        }
        Duration took = Duration.between(stage.startedAt().get(), stage.finishedAt().get());
        return String.format(Locale.ROOT, "%.1f s", took.toMillis() / 1000.0);
    }
}
