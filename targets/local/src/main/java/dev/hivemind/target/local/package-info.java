/**
 * The local target: runs apps on this machine under the HiveMind host agent, behind its edge proxy.
 * Provision reserves the public port and directories and starts the agent; deploy starts a release,
 * health-gates it and switches the proxy; harden audits the app's listeners and file modes.
 */
package dev.hivemind.target.local;
