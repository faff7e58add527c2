/**
 * The prerequisites checked before anything changes (stage 001 and {@code hivemind preflight}): the stack's tools
 * at the versions the app asks for, PostgreSQL's server binaries, disk space and write access.
 */
package dev.hivemind.engine.preflight;
