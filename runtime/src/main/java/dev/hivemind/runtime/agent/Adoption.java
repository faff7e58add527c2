package dev.hivemind.runtime.agent;

import dev.hivemind.runtime.supervisor.ProcStat;
import java.util.Optional;

/**
 * Whether a restarted agent may take over an instance recorded in desired.json: only when the recorded pid is alive,
 * started at the recorded clock tick (so a recycled pid is never taken) and still leads its own process group.
 */
public sealed interface Adoption {

    /** Take the running process over. */
    record Adopt(ProcStat process) implements Adoption { }

    /** Do not touch the process that has the pid now; start the release fresh if it should run. */
    record StartFresh(String reason) implements Adoption { }

    /** Decides on the recorded instance given what {@code /proc} shows for its pid now. */
    static Adoption decide(DesiredState.RecordedInstance recorded, Optional<ProcStat> now) {
        if (now.isEmpty() || now.get().exited()) {
            return new StartFresh("pid " + recorded.pid() + " is not running");
        }
        ProcStat process = now.get();
        if (process.startTicks() != recorded.startTicks()) {
            return new StartFresh("pid " + recorded.pid() + " now belongs to another process (started at tick "
                    + process.startTicks() + ", the instance at tick " + recorded.startTicks() + ")");
        }
        if (!process.groupLeader()) {
            return new StartFresh("pid " + recorded.pid() + " no longer leads its own process group (group "
                    + process.group() + ")");
        }
        return new Adopt(process);
    }
}
