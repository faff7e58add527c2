package dev.hivemind.runtime.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.hivemind.api.host.HivemindHome;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AgentSupervisorTest {
    private final HivemindHome home = new HivemindHome(Path.of("/srv/hive mind"));

    @Test
    void eachLoopRunsTheAgentStandingByWhileTheSupervisorIsSwitchedOn() {
        String script = AgentSupervisor.script(home, List.of("java", "-cp", "hivemind.jar", "Main", "agent", "run"),
                home.agent().resolve("agent.log"));

        assertThat(script).startsWith("#!/bin/sh\n")
                .contains("echo $$ > '/srv/hive mind/agent/supervisor.pid'")
                .contains("while [ -f '/srv/hive mind/agent/supervise.on' ]; do")
                .contains("    java -cp hivemind.jar Main agent run --standby >> '/srv/hive mind/agent/agent.log' 2>&1 &")
                .contains("keep 1 &\n").contains("\nkeep 2\nwait\n")
                .contains(AgentSupervisor.EXITED + "$agent) exited with code $code");
    }

    @Test
    void anAgentRecordingTheClassCacheGetsAConfigurationOfItsLoopsOwn() {
        String script = AgentSupervisor.script(home, List.of("java", "-XX:AOTCacheOutput=/srv/a.aot", "Main"),
                home.agent().resolve("agent.log"));

        assertThat(script).contains("java -XX:AOTCacheOutput=/srv/a.aot -XX:AOTConfiguration=/srv/a.aot.config.\"$1\""
                + " Main --standby").contains("rm -f '/srv/hive mind/agent'/*.config.$1");
    }
}
