/**
 * The stacks HiveMind recognizes but does not deploy (Ruby, PHP, Rust, .NET, a Dockerfile alone): recognized so
 * that {@code deploy} refuses them with what was found and what to do instead, and described in full (framework,
 * runtime version, build tool, database, port, start command, health path, each with its evidence) for
 * {@code analyze}.
 */
package dev.hivemind.analyzer.stack.undeployed;
