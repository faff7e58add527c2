/**
 * The {@code ssh} target: deploys to the user's own Linux servers. Each host is bootstrapped (the agent, the
 * stack's runtime), receives the artifact content-addressed over SFTP, and runs the same host agent, edge proxy,
 * strategies and health gates as the local target, driven through an SSH tunnel; rollouts visit the hosts in
 * batches and switch back the hosts already switched when one fails.
 */
package dev.hivemind.target.ssh;
