/**
 * Real Debian servers for the tests of HiveMind's SSH target: {@link dev.hivemind.testing.hosts.TestHosts} boots
 * them as systemd-nspawn containers (systemd as init, OpenSSH, sudo, ufw, fail2ban) from one cached root filesystem
 * ({@code scripts/test-hosts-image}), each in its own network namespace on a private subnet this machine reaches,
 * and tears them down after the test class. Nothing of this machine's own sshd, firewall or users is touched.
 */
package dev.hivemind.testing.hosts;
