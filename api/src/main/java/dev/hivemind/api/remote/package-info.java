/**
 * The servers a remote target deploys to: SSH hosts as the user names them ({@code [user@]HOST[:PORT]}), and the
 * selection a deployment keeps in its request so that {@code resume}, {@code status} and {@code destroy} reach the
 * same hosts.
 */
package dev.hivemind.api.remote;
