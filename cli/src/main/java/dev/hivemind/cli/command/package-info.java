/**
 * The subcommands, one class per verb.
 */
package dev.hivemind.cli.command;
