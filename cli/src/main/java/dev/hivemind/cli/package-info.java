/**
 * The {@code hivemind} command line: its entry point, the console rendering, and the wiring of the
 * engine to the analyzer, builder and targets. The only {@code main} of HiveMind is {@link dev.hivemind.cli.Main}.
 */
package dev.hivemind.cli;
