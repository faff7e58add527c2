/**
 * Everything HiveMind does for Go apps: detection from {@code go.mod} and the module's packages, the Go
 * toolchain rules, the port and the {@code go build} builder.
 */
package dev.hivemind.analyzer.stack.go;
