/**
 * The Sheriff on a server (stage 050 of the {@code ssh} target): {@link dev.hivemind.target.ssh.hardening.HostHardening}
 * sets the firewall (ufw, or HiveMind's nftables table), keys-only sshd, fail2ban's sshd jail, unattended security
 * upgrades, removes telnet, FTP and rsh servers and counts pending security updates, each step idempotent and recorded
 * with what it found and left, and scores the host by the host rubric (docs/security.md). It also opens and removes
 * the firewall rules HiveMind keeps for an app.
 */
package dev.hivemind.target.ssh.hardening;
