/**
 * What every builder does the same way: the steps of a build, run with their output streamed, file-tree chores,
 * finding commands on the PATH, and the artifact's checksum.
 */
package dev.hivemind.analyzer.build;
