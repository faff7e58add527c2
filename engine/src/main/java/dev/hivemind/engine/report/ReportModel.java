package dev.hivemind.engine.report;

import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.engine.NextSteps;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a deployment report says, worked out once from the state so every format says the same: facts per section,
 * the readiness and metrics matrices, the runbook and the timeline. The state holds no secret values (environment
 * values are redacted), so neither does the report.
 *
 * @param state      the deployment
 * @param sections   titled lists of facts: plan, build, infrastructure, deployment, hardening
 * @param validation the validation checks made
 * @param readiness  component × built / tested / scanned / deployed / verified
 * @param metrics    metric, target, actual, status
 * @param runbook    what to run, and the exact command
 * @param timeline   each stage that started, with its offset from the first and its duration
 * @param learnings  errors with their remediation, retries
 */
public record ReportModel(DeploymentState state, List<Section> sections, List<ValidationCheck> validation,
                          List<Readiness> readiness, List<Metric> metrics, List<Command> runbook,
                          List<TimelineEntry> timeline, List<String> learnings) {
    /** The readiness matrix's columns. */
    public static final List<String> READINESS_COLUMNS = List.of("built", "tested", "scanned", "deployed", "verified");

    public ReportModel {
        sections = List.copyOf(sections);
        validation = List.copyOf(validation);
        readiness = List.copyOf(readiness);
        metrics = List.copyOf(metrics);
        runbook = List.copyOf(runbook);
        timeline = List.copyOf(timeline);
        learnings = List.copyOf(learnings);
    }

    /** A titled list of facts. */
    public record Section(String title, List<String> facts) {
        public Section {
            facts = List.copyOf(facts);
        }
    }

    /** One cell of the readiness matrix. */
    public enum Mark {
        YES, NO, NOT_APPLICABLE;

        @Override
        public String toString() {
            return switch (this) {
                case YES -> "yes";
                case NO -> "no";
                case NOT_APPLICABLE -> "n/a";
            };
        }
    }

    /** One row of the readiness matrix: a component and a mark per {@link #READINESS_COLUMNS} column. */
    public record Readiness(String component, List<Mark> marks) {
        public Readiness {
            marks = List.copyOf(marks);
            if (marks.size() != READINESS_COLUMNS.size()) {
                throw new IllegalArgumentException("a readiness row has " + READINESS_COLUMNS.size() + " marks: "
                        + marks);
            }
        }
    }

    /** Whether a metric met its target. */
    public enum MetricStatus {
        MET, MISSED, NO_DATA, RECORDED;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    /** One row of the operational metrics matrix. */
    public record Metric(String name, String target, String actual, MetricStatus status) {
    }

    /** A runbook entry: what it is for and the exact command. */
    public record Command(String purpose, String command) {
    }

    /** A stage on the timeline: when it started relative to the first stage, how long it took, how it ended. */
    public record TimelineEntry(String stage, String agent, Instant startedAt, Duration offset, Duration took,
                                StageStatus status) {
    }

    /** The report of one deployment. */
    public static ReportModel of(DeploymentState state) {
        return of(state, List.of());
    }

    /**
     * The report of a deployment; {@code history} (the app's other deployments) tells the database section which
     * migration backup is the last one when this deployment took none.
     */
    public static ReportModel of(DeploymentState state, List<DeploymentState> history) {
        return new ReportModel(state, ReportSections.of(state, DatabaseFacts.of(state, history)), state.validation(),
                readiness(state),
                ReportMetrics.of(state), runbook(state), timeline(state), learnings(state));
    }

    /** The validation checks' answer times, the latency figures the state holds. */
    public List<ValidationCheck> latencies() {
        return validation;
    }

    private static List<Readiness> readiness(DeploymentState state) {
        boolean deployed = state.deploymentConfig().isPresent() && completed(state, StageName.DEPLOY);
        boolean verified = !state.validation().isEmpty() && state.validation().stream().allMatch(ValidationCheck::passed);
        Mark scanned = mark(state.securityConfig().isPresent());
        String component = "application" + state.techStack().map(stack -> " (" + stack.language() + "/"
                + stack.framework() + ")").orElse("");
        Readiness application = new Readiness(component, List.of(mark(state.buildArtifact().isPresent()),
                mark(deployed), scanned, mark(deployed), mark(verified)));
        Readiness infrastructure = new Readiness("infrastructure (target " + state.target() + ")",
                List.of(Mark.NOT_APPLICABLE, mark(completed(state, StageName.PROVISION)), scanned,
                        mark(state.infrastructure().isPresent()), mark(verified)));
        Readiness proxy = new Readiness("edge proxy" + state.deploymentConfig().map(config -> " (port "
                + config.appPort() + ")").orElse(""), List.of(Mark.NOT_APPLICABLE, mark(deployed), scanned,
                mark(deployed), mark(verified)));
        return List.of(application, infrastructure, proxy);
    }

    private static boolean completed(DeploymentState state, StageName name) {
        return state.stage(name).map(stage -> stage.status() == StageStatus.COMPLETED).orElse(false);
    }

    private static Mark mark(boolean yes) {
        return yes ? Mark.YES : Mark.NO;
    }

    private static List<Command> runbook(DeploymentState state) {
        String id = state.deploymentId();
        String app = NextSteps.quote(state.app());
        List<Command> commands = new ArrayList<>();
        commands.add(new Command("status of this deployment", "hivemind status " + id));
        commands.add(new Command("this deployment's log", "hivemind logs " + id));
        commands.add(new Command("the app's output, followed", "hivemind logs " + app + " --follow"));
        commands.add(new Command("the app's deployments", "hivemind history " + app));
        commands.add(new Command("roll back to the previous release", "hivemind rollback " + app));
        commands.add(new Command("roll back to this release", "hivemind rollback " + app + " --to " + id));
        commands.add(new Command("destroy the app (stop it, free its port)", "hivemind destroy " + app));
        NextSteps.after(state).stream().filter(step -> commands.stream().noneMatch(known -> known.command()
                .equals(step))).forEach(step -> commands.add(new Command("next step for status " + state.status(),
                step)));
        return commands;
    }

    private static List<TimelineEntry> timeline(DeploymentState state) {
        List<StageRecord> started = state.stages().stream().filter(stage -> stage.startedAt().isPresent()).toList();
        Optional<Instant> first = started.stream().map(stage -> stage.startedAt().get()).min(Instant::compareTo);
        return started.stream().map(stage -> {
            Instant at = stage.startedAt().get();
            Duration took = stage.finishedAt().map(end -> Duration.between(at, end)).filter(d -> !d.isNegative())
                    .orElse(Duration.ZERO);
            return new TimelineEntry(stage.name().number() + " " + stage.name(),
                    stage.name().agent().displayName(), at, Duration.between(first.get(), at), took, stage.status());
        }).toList();
    }

    private static List<String> learnings(DeploymentState state) {
        List<String> learnings = new ArrayList<>();
        state.errors().forEach(error -> learnings.add(error.errorType() + " from " + error.agent().displayName()
                + " at " + error.timestamp() + ": " + Markdown.oneLine(error.message()) + " (context: "
                + Markdown.oneLine(error.context()) + "; remediation: " + Markdown.oneLine(error.remediation())
                + ")"));
        state.stages().stream().filter(stage -> stage.attempts() > 1).forEach(stage -> learnings.add("stage "
                + stage.name() + " took " + stage.attempts() + " attempts"));
        return learnings;
    }

    /** Sorted name/value facts as "name: value". */
    static List<String> facts(Map<String, String> properties) {
        List<String> facts = new ArrayList<>();
        new TreeMap<>(properties).forEach((name, value) -> facts.add(name + ": " + value));
        return facts;
    }

    static String names(Map<String, String> variables) {
        return variables.isEmpty() ? "none" : String.join(", ", new TreeSet<>(variables.keySet())) + " (values redacted)";
    }

    static String check(SecurityCheck check) {
        return check.name() + ": " + (check.passed() ? "passed" : "did not pass") + " (" + Markdown.oneLine(check.detail())
                + ")";
    }

    static String seconds(Duration duration) {
        return String.format(Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}
