/**
 * Everything HiveMind does for Python apps: detection from requirements, {@code pyproject.toml}, Pipfile and
 * setup files, the Python version rules, the start command and the virtual-environment builder.
 */
package dev.hivemind.analyzer.stack.python;
