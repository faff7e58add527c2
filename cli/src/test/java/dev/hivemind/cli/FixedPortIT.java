package dev.hivemind.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.hivemind.runtime.supervisor.NetworkNamespace;
import java.nio.file.Path;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Apps that hard-code their port, as many starters do, deploy and redeploy like any other: examples/node-fixed-port
 * (a NestJS-style {@code listen(3000)}) and examples/go-fixed-port (a Go constant {@code ":8090"}). HiveMind finds the
 * port each instance listens on and routes there; as root (as here) each instance gets a network namespace of its
 * own, so the new release starts beside the old one on the same port and the switch under load fails no request.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FixedPortIT {
    @RegisterExtension
    static final ExampleApp nest = new ExampleApp("node-fixed-port", "nest-pinned");
    @RegisterExtension
    static final ExampleApp go = new ExampleApp("go-fixed-port", "go-pinned");

    private final Path app = nest.app();
    private final CliHarness cli = nest.cli();
    private final String url = "http://127.0.0.1:" + nest.port() + "/";

    @Test
    @Order(1)
    void aNestStyleAppThatListensOn3000WhateverPortSaysIsDeployedAndServes() {
        CliHarness.Result analyzed = cli.run("analyze", app.toString());
        assertThat(analyzed.out()).as(analyzed.toString())
                .contains("3000 (pinned: the app listens there whatever PORT says)");

        CliHarness.Result deployed = cli.run("deploy", app.toString(), "--port", String.valueOf(nest.port()),
                "--env", "APP_VERSION=v1");

        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(deployed.err()).contains("the app is pinned to port 3000 (port 3000 from src/main.js line 10 "
                + "(await app.listen(3000);), and no file read reads the PORT environment variable");
        assertThat(deployed.err()).contains(NetworkNamespace.supported()
                ? "each instance runs in a network namespace of its own, listening on 3000 there"
                : "recreate instead of blue-green");
        assertThat(Http.get(url).body()).isEqualTo("Hello from node-fixed-port v1\n");
    }

    @Test
    @Order(2)
    void asRootItIsRedeployedUnderLoadWithZeroFailedRequests() throws Exception {
        assumeTrue(NetworkNamespace.supported(), "side by side on one port needs a network namespace per instance");
        CliHarness.Result redeployed;
        LoadLoop load = new LoadLoop(url, 4);
        try {
            redeployed = cli.run("deploy", app.toString(), "--port", String.valueOf(nest.port()), "--env",
                    "APP_VERSION=v2");
        } finally {
            load.close();
        }

        assertThat(redeployed.exitCode()).as(redeployed.toString()).isZero();
        assertThat(load.failures()).as("requests during the redeploy").isEmpty();
        assertThat(load.requests()).isGreaterThan(50);
        assertThat(load.bodies()).contains("Hello from node-fixed-port v1\n", "Hello from node-fixed-port v2\n");
        CliHarness.Result status = cli.run("status", "nest-pinned");
        assertThat(status.out()).containsPattern("169\\.254\\.\\d+\\.\\d+:3000 \\(netns hivemind-instance-\\d+\\)");
    }

    @Test
    @Order(3)
    void aGoAppWithAPortConstantIsFoundOnItsPortAndServes() {
        CliHarness.Result deployed = go.cli().run("deploy", go.app().toString(), "--port", String.valueOf(go.port()),
                "--env", "APP_VERSION=v1");

        assertThat(deployed.exitCode()).as(deployed.toString()).isZero();
        assertThat(deployed.err()).contains("the app is pinned to port 8090 (port 8090 from the constant addr in "
                + "main.go line 17");
        assertThat(Http.get("http://127.0.0.1:" + go.port() + "/").body()).isEqualTo("Hello from go-fixed-port v1\n");
    }
}
