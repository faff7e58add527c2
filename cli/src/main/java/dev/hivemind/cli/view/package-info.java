/**
 * What the commands show of a deployment and of the host agent: stages, steps, rollouts and traffic.
 */
package dev.hivemind.cli.view;
