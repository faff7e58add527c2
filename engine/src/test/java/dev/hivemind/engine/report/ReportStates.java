package dev.hivemind.engine.report;

import dev.hivemind.api.BuildArtifact;
import dev.hivemind.api.DeploymentConfig;
import dev.hivemind.api.FirewallRule;
import dev.hivemind.api.GitReference;
import dev.hivemind.api.Infrastructure;
import dev.hivemind.api.Resource;
import dev.hivemind.api.SecurityCheck;
import dev.hivemind.api.SecurityConfig;
import dev.hivemind.api.TechStack;
import dev.hivemind.api.ValidationCheck;
import dev.hivemind.api.error.Agent;
import dev.hivemind.api.rollout.Strategy;
import dev.hivemind.api.state.DeployRequest;
import dev.hivemind.api.state.DeploymentState;
import dev.hivemind.api.state.ErrorEntry;
import dev.hivemind.api.state.LogEntry;
import dev.hivemind.api.state.StageName;
import dev.hivemind.api.state.StageRecord;
import dev.hivemind.api.state.StageStatus;
import dev.hivemind.api.state.Status;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Whole deployment states for the journal and report tests: one that completed, one whose build failed. */
public final class ReportStates {
    public static final Instant AT = Instant.parse("2026-11-22T03:35:12.123Z");
    public static final String ID = "20261122-033512-123-000abcdefgh";
    public static final String CHECKSUM = "sha256:9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

    private ReportStates() {
    }

    public static DeploymentState initial() {
        return DeploymentState.initial(ID, "shop", "local", "", new DeployRequest("/srv/shop", Optional.empty(),
                Strategy.BLUE_GREEN, Optional.empty(), false), AT);
    }

    /** Every stage completed, one second each (build two attempts), validated in 42 ms. */
    public static DeploymentState deployed() {
        DeploymentState state = initial()
                .withGit(new GitReference("https://example.com/shop.git", Optional.of("main"),
                        Optional.of("4b825dc642cb6eb9a060e54bf8d69288fbee4904")))
                .withTechStack(new TechStack("node", "express", "20", List.of("express"), false, Optional.empty(),
                        "npm", "node server.js", Optional.of("/health"), List.of("runtime_version 20 from engines")))
                .withBuildArtifact(new BuildArtifact("/home/h/deployments/" + ID + "/artifacts", "directory", 2_048,
                        CHECKSUM, "npm ci", 12.5))
                .withInfrastructure(new Infrastructure("local", Map.of("public_port", "8080", "bind_address",
                        "127.0.0.1"), List.of(new Resource("port", "8080", "public port of the edge proxy"))))
                .withDeploymentConfig(new DeploymentConfig(8080, 40123, "/health", "shop", "running", ID,
                        Map.of("API_TOKEN", "***"), "/home/h/agent/instances/shop/" + ID + "/output.log",
                        Optional.of(4121L)))
                .withSecurityConfig(new SecurityConfig(false, Optional.empty(), List.of(new FirewallRule(8080, "tcp",
                        "127.0.0.1", "edge proxy")), List.of(8080, 40123), List.of(new SecurityCheck("loopback-only",
                        true, "every instance listens on 127.0.0.1"), new SecurityCheck("tls", false,
                        "the proxy serves plain HTTP")), 85, List.of("enable TLS with --tls")))
                .withValidation(List.of(new ValidationCheck("health", "http://127.0.0.1:8080/health", true, 200, 42,
                        "expected 2xx/3xx, got 200")))
                .withUrl("http://127.0.0.1:8080");
        int second = 0;
        for (StageName name : StageName.values()) {
            Instant start = AT.plusSeconds(second++);
            int attempts = name == StageName.BUILD ? 2 : 1;
            state = state.withStage(new StageRecord(name, StageStatus.COMPLETED, Optional.of(start),
                    Optional.of(start.plusMillis(900)), attempts), start);
        }
        return state.withLog(new LogEntry(AT.plusSeconds(3), Agent.COMPILER, LogEntry.Level.WARN,
                        "020 build attempt 1 of 2 failed: NetworkError: registry timeout; retrying in 2.0 s"))
                .withStatus(Status.COMPLETE, AT.plusSeconds(9));
    }

    /** Analyzed, then the build failed for good. */
    static DeploymentState buildFailed() {
        DeploymentState state = initial().withStage(new StageRecord(StageName.INIT, StageStatus.COMPLETED,
                        Optional.of(AT), Optional.of(AT.plusMillis(100)), 1), AT)
                .withStage(new StageRecord(StageName.BUILD, StageStatus.FAILED, Optional.of(AT.plusSeconds(1)),
                        Optional.of(AT.plusSeconds(3)), 1), AT.plusSeconds(3));
        return state.withError(new ErrorEntry(AT.plusSeconds(3), Agent.COMPILER, "BuildError",
                        "npm ci failed with exit code 1", "Installing dependencies", "trace",
                        "Check package.json for invalid dependencies"))
                .withStatus(Status.FAILED, AT.plusSeconds(3));
    }
}
