/**
 * What every stack's detection shares: the {@link dev.hivemind.analyzer.stack.StackDetector} contract, the
 * evidence of each answer, how a repository's files are read, the Procfile, the Dockerfile, the port sources (in
 * their order of trust) and the health-path scans.
 */
package dev.hivemind.analyzer.stack;
