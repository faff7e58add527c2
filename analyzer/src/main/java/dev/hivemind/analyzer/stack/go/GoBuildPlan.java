package dev.hivemind.analyzer.stack.go;

import dev.hivemind.analyzer.build.BuildStep;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The commands that build a Go app in its artifact directory: download the modules go.mod requires (unless they
 * are vendored or there are none), then compile the main package into one binary with
 * {@code go build -trimpath -o app ./<main package>} ({@code -mod=vendor} with a vendor/modules.txt) and link it as
 * {@code bin/<its go install name>}, or run the build command from hivemind.yaml instead.
 */
final class GoBuildPlan {
    static final String SHELL = "/bin/sh";

    private GoBuildPlan() {
    }

    /**
     * @param shownSource  the app's directory as the user knows it, for the context lines
     * @param buildCommand hivemind.yaml's build command, which replaces {@code go build}
     */
    static List<BuildStep> plan(GoProject project, String shownSource, Optional<String> buildCommand) {
        List<BuildStep> steps = new ArrayList<>();
        if (!project.vendored() && !project.mod().requirements().isEmpty()) {
            steps.add(new BuildStep(List.of(GoToolchain.COMMAND, "mod", "download"), "Downloading the Go modules of "
                    + "the application in " + shownSource, "Check that the module proxy is reachable (the go "
                    + "command reads GOPROXY, default https://proxy.golang.org) and that go.mod's requirements exist; "
                    + "or vendor the modules (go mod vendor) and commit vendor/"));
        }
        steps.add(buildCommand.map(command -> new BuildStep(List.of(SHELL, "-c", command), "Running the build "
                        + "command from hivemind.yaml for the Go application in " + shownSource, "Check the build "
                        + "command in hivemind.yaml: it runs in the artifact directory after the modules are "
                        + "downloaded, and the start command runs what it builds"))
                .orElseGet(() -> compile(project, shownSource)));
        if (buildCommand.isEmpty()) {
            steps.add(install(project, shownSource));
        }
        return steps;
    }

    /**
     * Links the binary as {@code bin/<command name>}: the agent puts the release's {@code bin/} first on the PATH,
     * so a Procfile that names the program ({@code web: go-getting-started}, as Heroku's Go buildpack installs it)
     * starts it.
     */
    private static BuildStep install(GoProject project, String shownSource) {
        String name = project.commandName();
        String link = GoProject.BIN + "/" + name;
        return BuildStep.shell("mkdir -p " + GoProject.BIN + " && ln -sfn ../" + project.binary() + " '"
                + link.replace("'", "'\\''") + "'", "Installing the Go program of " + shownSource + " as "
                + link + " (on the app's PATH, as Heroku installs it)", "The repository's " + GoProject.BIN
                + " must be a directory (or absent) for the program to be installed in it");
    }

    private static BuildStep compile(GoProject project, String shownSource) {
        List<String> command = new ArrayList<>(List.of(GoToolchain.COMMAND, "build", "-trimpath"));
        if (project.vendored()) {
            command.add("-mod=vendor");
        }
        command.addAll(List.of("-o", project.binary(), project.main().main().buildTarget()));
        return new BuildStep(command, "Compiling the Go application in " + shownSource + " (main package "
                + project.main().main().buildTarget() + ")", "Fix what the compiler reports. The build runs with "
                + "CGO_ENABLED=0 so the binary needs no C libraries; if a package needs cgo (such as "
                + "github.com/mattn/go-sqlite3), deploy with --env CGO_ENABLED=1 on a machine with a C compiler");
    }
}
