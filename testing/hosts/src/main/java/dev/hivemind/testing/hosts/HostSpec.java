package dev.hivemind.testing.hosts;

import java.nio.file.Path;

/**
 * Everything that makes one test host, fixed when the run creates it.
 *
 * @param name      its hostname ({@code host0}, ...)
 * @param address   its IPv4 address on the run's subnet
 * @param namespace its network namespace ({@code /run/netns/<namespace>})
 * @param machine   the name systemd-nspawn knows it by, unique on this machine
 * @param init      what runs as its PID 1
 * @param root      its mounted root filesystem
 * @param cgroup    the cgroup its processes run in
 * @param clientKey the run's private key, authorized for root and deploy
 * @param directory the host's own directory in the run's (its layers, console log, known_hosts)
 */
record HostSpec(String name, String address, String namespace, String machine, HostInit init, HostRoot root,
                HostCgroup cgroup, Path clientKey, Path directory) {
}
