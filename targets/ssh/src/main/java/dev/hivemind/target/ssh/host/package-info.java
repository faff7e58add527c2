/**
 * What HiveMind does on one SSH host: reading its facts (OS, architecture, init, runtimes), bootstrapping it (the
 * {@code /var/lib/hivemind} home, the stack's runtime, a Java runtime and the agent run by systemd or a fallback
 * supervisor), and shipping artifacts content-addressed.
 */
package dev.hivemind.target.ssh.host;
