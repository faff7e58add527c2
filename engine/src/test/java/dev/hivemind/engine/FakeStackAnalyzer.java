package dev.hivemind.engine;

import dev.hivemind.api.StackAnalyzer;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationPlan;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import dev.hivemind.api.state.HookStep;
import dev.hivemind.api.state.StageName;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Detects a Node.js app wherever a package.json is; its health path answers 200 unless validate is to fail. */
public final class FakeStackAnalyzer implements StackAnalyzer {
    private final Faults faults;
    private final List<Path> analyzed = new ArrayList<>();
    private List<ToolRequirement> tools = List.of();
    private ValidationPlan plan = ValidationPlan.NONE;
    private List<HookStep> hooks = List.of();

    public FakeStackAnalyzer(Faults faults) {
        this.faults = faults;
    }

    public FakeStackAnalyzer requiring(List<ToolRequirement> required) {
        this.tools = List.copyOf(required);
        return this;
    }

    /** Answers {@code validated} as the app's smoke tests and load targets. */
    synchronized FakeStackAnalyzer planning(ValidationPlan validated) {
        this.plan = validated;
        return this;
    }

    /** Answers {@code configured} as the app's hooks. */
    synchronized FakeStackAnalyzer hooking(List<HookStep> configured) {
        this.hooks = List.copyOf(configured);
        return this;
    }

    @Override
    public synchronized List<HookStep> hooks(Path appDirectory, String environment) {
        return hooks;
    }

    @Override
    public synchronized ValidationPlan validationPlan(Path appDirectory, String environment) {
        return plan;
    }

    @Override
    public synchronized TechStack analyze(Path appDirectory) {
        analyzed.add(appDirectory);
        if (!Files.isRegularFile(appDirectory.resolve("package.json"))) {
            throw new InvalidInputException(Agent.COMPILER, "no package.json in " + appDirectory,
                    "Detecting the tech stack", "Point SOURCE at a Node.js app");
        }
        String health = faults.has(StageName.VALIDATE) ? "/fail/health" : "/ok/health";
        return new TechStack("nodejs", "express", "20", List.of("express"), false, Optional.empty(), "npm",
                "node server.js", Optional.of(health), List.of("package.json: dependencies.express"));
    }

    @Override
    public List<ToolRequirement> requiredTools(TechStack stack) {
        return tools;
    }

    public synchronized List<Path> analyzed() {
        return List.copyOf(analyzed);
    }
}
