package dev.hivemind.engine;

import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The commands to suggest after a deployment ends or stops: every command tells the user what to run next.
 * After a failure the failed stage can be retried, and once the deployment's release took the traffic of a release
 * that served before it, the app can also be rolled back to that one. A failed first deployment has nothing to roll
 * back to, and one that failed before its release took traffic left the previous release serving.
 */
public final class NextSteps {
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private NextSteps() {
    }

    /** The commands to run next, most likely first. */
    public static List<String> after(DeploymentState state) {
        String id = state.deploymentId();
        String app = state.app();
        return switch (state.status()) {
            case COMPLETE -> List.of("hivemind status " + id, "hivemind logs " + id, "hivemind rollback " + app,
                    "hivemind destroy " + app);
            case FAILED -> afterFailure(state);
            case AWAITING_APPROVAL -> List.of("hivemind approve " + id, "hivemind reject " + id + " --reason TEXT");
            case ROLLED_BACK -> List.of("hivemind history " + app, redeploy(state));
            case DESTROYED -> List.of(redeploy(state));
            case PENDING, ANALYZING, BUILDING, PROVISIONING, DEPLOYING, HARDENING, VALIDATING ->
                    List.of("hivemind resume " + id, "hivemind status " + id);
        };
    }

    private static List<String> afterFailure(DeploymentState state) {
        List<String> steps = new ArrayList<>();
        steps.add("hivemind retry " + state.deploymentId() + " --stage " + failedStage(state));
        if (canRollBack(state)) {
            steps.add("hivemind rollback " + state.app());
        }
        return List.copyOf(steps);
    }

    /** Whether the deployment's release took over from a release that served before it, so a rollback has somewhere to go. */
    public static boolean canRollBack(DeploymentState state) {
        boolean released = state.stage(StageName.DEPLOY).filter(stage -> stage.status() == StageStatus.COMPLETED)
                .isPresent();
        return released && state.infrastructure().map(infrastructure -> infrastructure.properties()
                .get(Infrastructure.SERVING_RELEASE)).filter(serving -> !serving.equals(state.deploymentId()))
                .isPresent();
    }

    /** The stage that failed; else the first not completed (a run stopped by a crash). */
    static StageName failedStage(DeploymentState state) {
        return state.stages().stream().filter(stage -> stage.status() == StageStatus.FAILED)
                .map(StageRecord::name).findFirst()
                .or(state::firstUnfinishedStage)
                .orElse(StageName.INIT);
    }

    /** The command that deploys the deployment's source again, as a new deployment of its app. */
    static String redeploy(DeploymentState state) {
        return "hivemind deploy " + quote(state.repoUrl()) + " --app " + state.app();
    }

    /** The word as the shell reads it back: as it is when safe, else single-quoted. */
    public static String quote(String word) {
        return SHELL_SAFE.matcher(word).matches() ? word : "'" + word.replace("'", "'\\''") + "'";
    }
}
