package dev.hivemind.engine.preflight;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.engine.StageSettings;
import dev.hivemind.engine.stage.DatabaseChoice;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The prerequisites checked before anything changes, shared by stage 001 of a deployment and
 * {@code hivemind preflight}: the stack's runtime and build tool with the versions the app asks for, PostgreSQL's
 * server binaries when the app uses PostgreSQL, and HIVEMIND_HOME's git, free space and write access. A target adds
 * its own checks ({@link dev.hivemind.api.Target#preflight}).
 */
public final class Preflight {
    private static final String DATABASE = "database";
    private static final ToolRequirement GIT = new ToolRequirement("git", "--version", "apt-get install git");

    private final StackAnalyzer analyzer;
    private final ToolCheck tools;
    private final DiskSpace disk;
    private final PostgresBinaries postgres;

    /** Checks against this process's PATH and the system's PostgreSQL directory. */
    public Preflight(StackAnalyzer analyzer, StageSettings settings) {
        this(analyzer, settings, Optional.ofNullable(System.getenv("PATH")).orElse(""));
    }

    /** Checks against {@code path} and the system's PostgreSQL directory. */
    public Preflight(StackAnalyzer analyzer, StageSettings settings, String path) {
        this(analyzer, settings, path, List.of(PostgresBinaries.SYSTEM));
    }

    /**
     * @param path          where tools are looked for, and the PATH their version commands run with
     * @param postgresRoots directories whose {@code <version>/bin} may hold PostgreSQL's server binaries
     */
    Preflight(StackAnalyzer analyzer, StageSettings settings, String path, List<Path> postgresRoots) {
        this.analyzer = analyzer;
        this.tools = new ToolCheck(settings.toolTimeout(), path);
        this.disk = new DiskSpace(settings.diskWarnBytes(), settings.diskFailBytes());
        this.postgres = new PostgresBinaries(path, postgresRoots);
    }

    /**
     * {@code checks} for a deployment to {@code target}: when the target runs the app's PostgreSQL elsewhere
     * ({@link dev.hivemind.api.Target#providesPostgres}), the check of this machine's PostgreSQL server binaries
     * passes, saying so.
     */
    public static List<PreflightCheck> forTarget(List<PreflightCheck> checks, dev.hivemind.api.Target target) {
        if (!target.providesPostgres()) {
            return checks;
        }
        return checks.stream().map(check -> check.name().equals(PostgresBinaries.NAME) ? new PreflightCheck(
                PostgresBinaries.NAME, true, true, "the " + target.name() + " target runs the app's PostgreSQL; "
                + "this machine needs no PostgreSQL server", "none") : check).toList();
    }

    /** The stack's tools, each with its version judged, and PostgreSQL's server binaries when the app uses it. */
    public List<PreflightCheck> stack(TechStack stack) {
        return stack(stack, Optional.empty());
    }

    /**
     * As {@link #stack(TechStack)} for a deployment whose environment has the variables {@code environment}: a
     * {@code DATABASE_URL} there stands for the database, so no server binaries are needed; without one, a database
     * server HiveMind cannot run (MySQL, MongoDB, ...) fails the check. When the environment is not known, that is a
     * warning.
     */
    public List<PreflightCheck> stack(TechStack stack, Optional<Set<String>> environment) {
        List<PreflightCheck> checks = new ArrayList<>(tools.checkAll(analyzer.requiredTools(stack)));
        if (!stack.databaseNeedsServer()) {
            return checks;
        }
        String engine = stack.databaseType().orElseThrow();
        if (environment.filter(names -> names.contains(DatabaseChoice.VARIABLE)).isPresent()) {
            checks.add(new PreflightCheck(DATABASE, true, true, "the app uses " + engine + " through the "
                    + DatabaseChoice.VARIABLE + " given", "none"));
        } else if (engine.equals(DatabaseChoice.POSTGRESQL)) {
            checks.add(postgres.check(stack.databaseVersion()));
        } else {
            checks.add(new PreflightCheck(DATABASE, false, environment.isPresent(), "the app uses " + engine
                    + ", which HiveMind does not run itself, and " + (environment.isPresent() ? "no "
                    + DatabaseChoice.VARIABLE + " is given" : "needs a " + DatabaseChoice.VARIABLE + " to deploy"),
                    "Supply it: --env " + DatabaseChoice.VARIABLE + "=... or env: " + DatabaseChoice.VARIABLE
                    + " in hivemind.yaml"));
        }
        return checks;
    }

    /**
     * git (a warning when missing: HiveMind clones with JGit, but builds that fetch git dependencies need it), then
     * the free space in and write access to {@code home}.
     */
    public List<PreflightCheck> host(Path home) {
        PreflightCheck git = tools.check(GIT);
        PreflightCheck gitCheck = git.passed() ? git : new PreflightCheck(git.name(), false, false, git.detail()
                + "; HiveMind clones without it, but builds that fetch git dependencies need it", git.remediation());
        return List.of(gitCheck, disk.check(home), DiskSpace.writeAccess(home));
    }

    /** {@code ok}, {@code warning} (failed, not critical) or {@code missing} (failed and critical). */
    public static String status(PreflightCheck check) {
        return check.passed() ? "ok" : check.critical() ? "missing" : "warning";
    }

    /** Whether no critical check failed (warnings allowed). */
    public static boolean passes(List<PreflightCheck> checks) {
        return checks.stream().allMatch(check -> check.passed() || !check.critical());
    }
}
