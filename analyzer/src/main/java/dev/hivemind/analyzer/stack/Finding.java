package dev.hivemind.analyzer.stack;

/**
 * One detected answer and the evidence line saying where it came from.
 *
 * @param value    the answer, e.g. {@code 20}
 * @param evidence e.g. {@code runtime_version 20 from package.json engines.node}
 */
public record Finding(String value, String evidence) {
}
