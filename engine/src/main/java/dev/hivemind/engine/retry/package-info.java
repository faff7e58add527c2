/**
 * Whether and when a failed stage is tried again: a stateless policy deciding from the error's category, and the
 * sleeper that waits between attempts.
 */
package dev.hivemind.engine.retry;
