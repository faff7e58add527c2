package dev.hivemind.engine;

import dev.hivemind.api.PreflightCheck;
import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.StackAnalyzer.ToolRequirement;
import dev.hivemind.api.TechStack;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The prerequisites checked before anything changes, shared by stage 001 of a deployment and
 * {@code hivemind preflight}: the stack's runtime and build tool with the versions the app asks for, PostgreSQL's
 * server binaries when the app uses PostgreSQL, and HIVEMIND_HOME's git, free space and write access. A target adds
 * its own checks ({@link dev.hivemind.api.Target#preflight}).
 */
public final class Preflight {
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

    /** The stack's tools, each with its version judged, and PostgreSQL's server binaries when the app uses it. */
    public List<PreflightCheck> stack(TechStack stack) {
        List<PreflightCheck> checks = new ArrayList<>(tools.checkAll(analyzer.requiredTools(stack)));
        if (stack.databaseType().filter(type -> type.equals("postgresql")).isPresent()) {
            checks.add(postgres.check());
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
