/**
 * Everything HiveMind does for Node.js apps: detection from {@code package.json}, the Node version rules, the
 * package managers, the start command and the builder.
 */
package dev.hivemind.analyzer.stack.node;
