/**
 * The project's own commands ({@code hooks:} of {@code hivemind.yaml}) run around the stages and before destroy.
 */
package dev.hivemind.engine.hook;
