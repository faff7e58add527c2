package dev.hivemind.analyzer.stack.node;

import dev.hivemind.analyzer.build.BuildStep;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands that build a Node.js app: install its dependencies (exactly the locked versions when there is a lock
 * file), then run {@code scripts.build} when package.json has one.
 */
final class NodeBuildPlan {

    private NodeBuildPlan() {
    }

    /**
     * @param directory   the app's files, read to look for lock files
     * @param shownSource the app's directory as the user knows it, for the context lines
     */
    static List<BuildStep> plan(Path directory, String shownSource, PackageManager manager,
                                Optional<String> managerVersion, PackageJson packageJson) {
        List<BuildStep> steps = new ArrayList<>();
        List<String> install = manager.installCommand(directory, managerVersion);
        steps.add(new BuildStep(install, "Installing dependencies for the Node.js application in " + shownSource,
                installHint(manager, install, directory)));
        if (packageJson.script("build").isPresent()) {
            List<String> build = manager.runScriptCommand("build");
            steps.add(new BuildStep(build, "Building the Node.js application in " + shownSource,
                    "Fix the build script (scripts.build in package.json) so that '" + String.join(" ", build)
                    + "' succeeds in a fresh checkout"));
        }
        return steps;
    }

    private static String installHint(PackageManager manager, List<String> install, Path directory) {
        String hint = "Check package.json for invalid dependencies";
        return manager.lockFileIn(directory)
                .map(lock -> hint + " and that " + lock + " agrees with package.json ('" + String.join(" ", install)
                        + "' installs exactly what the lock file says; run " + manager.command()
                        + " install and commit " + lock + ")")
                .orElse(hint + " and that the registry is reachable");
    }
}
