/**
 * Where deployments are kept under {@code HIVEMIND_HOME}: the state store ({@code state.json} written atomically,
 * {@code logs.txt}), deployment ids, the per-app lock, and the journal ({@code journal.md}).
 */
package dev.hivemind.engine.state;
