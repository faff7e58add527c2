/**
 * The Compiler: brings an application's source to this machine ({@link dev.hivemind.analyzer.source.GitSourceFetcher}),
 * detects its tech stack ({@link dev.hivemind.analyzer.RepositoryAnalyzer}) and builds it with the stack's real
 * toolchain into a checksummed artifact directory ({@link dev.hivemind.analyzer.ArtifactBuilders} chooses
 * {@link dev.hivemind.analyzer.stack.node.NodeArtifactBuilder} or {@link dev.hivemind.analyzer.stack.python.PythonArtifactBuilder} by
 * language; {@link dev.hivemind.analyzer.build.ArtifactChecksum}).
 */
package dev.hivemind.analyzer;
