package dev.hivemind.cli.view;

import dev.hivemind.api.host.HivemindHome;

/**
 * The one line that says the host agent of this machine is down: the apps it runs are not served (their proxies live
 * in it) until it runs again, and the command that brings it back.
 */
public final class AgentDown {
    private static final String START = "Start it with: hivemind agent start";

    private AgentDown() {
    }

    /** The agent is down, for {@code agent status} and {@code status}. */
    public static String line(HivemindHome home) {
        return "The host agent is not running (nothing answers on " + home.agentSocket() + "), so no app of this"
                + " machine is served. " + START;
    }

    /** The agent is down, for {@code status APP}: the app's URL answers nothing. */
    public static String line(HivemindHome home, String app) {
        return "The host agent is not running (nothing answers on " + home.agentSocket() + "), so " + app
                + " is not served. " + START;
    }
}
