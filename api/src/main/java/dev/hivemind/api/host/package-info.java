/**
 * What HiveMind keeps on the machine it runs on: the layout of {@code HIVEMIND_HOME}, its private files,
 * running a command to its end, and where this machine's PostgreSQL server binaries are.
 */
package dev.hivemind.api.host;
