/**
 * What every stack's detection shares: the {@link dev.hivemind.analyzer.stack.StackDetector} contract, the
 * evidence of each answer, how a repository's files are read, the Procfile, the port and health-path scans, and the
 * stacks HiveMind recognises but does not deploy.
 */
package dev.hivemind.analyzer.stack;
