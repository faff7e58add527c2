package dev.hivemind.target.ssh.hardening;

import dev.hivemind.api.error.Agent;
import dev.hivemind.api.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * What hardening a host needs to know.
 *
 * @param app              the app being deployed; its firewall rules carry its name ({@code hivemind app NAME})
 * @param appPorts         the app's public ports, which the firewall keeps open
 * @param secondLoginWorks opens a second SSH connection to the host with the same key as the first and says
 *                         whether it logged in; sshd's new settings are applied only after it did, and undone when
 *                         it no longer does after the reload
 */
public record HardeningRequest(String app, Set<Integer> appPorts, BooleanSupplier secondLoginWorks) {
    public HardeningRequest {
        Objects.requireNonNull(app, "app");
        Objects.requireNonNull(secondLoginWorks, "secondLoginWorks");
        appPorts = Set.copyOf(new TreeSet<>(appPorts));
        validate(app, appPorts);
    }

    /** Refuses an app name that cannot name a firewall rule and ports outside 1..65535, every problem at once. */
    static void validate(String app, Set<Integer> appPorts) {
        List<String> problems = new ArrayList<>();
        if (!app.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,62}")) {
            problems.add("'" + app + "' cannot name a firewall rule: name the app with letters, digits, '.', '-' and "
                    + "'_' only");
        }
        appPorts.stream().filter(port -> port < 1 || port > 65_535).forEach(port -> problems.add("the app's public "
                + "port " + port + " is outside 1..65535: give the app a public port within it"));
        if (!problems.isEmpty()) {
            throw new InvalidInputException(Agent.SHERIFF, String.join("; ", problems), "Hardening the hosts of " + app,
                    "Fix the app's name or public port and deploy again");
        }
    }
}
