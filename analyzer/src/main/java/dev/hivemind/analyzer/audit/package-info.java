/**
 * The source audit of the harden stage: committed secrets (rules and scanner) and {@code npm audit}.
 */
package dev.hivemind.analyzer.audit;
