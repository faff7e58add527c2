/**
 * Static sites: detection of the directory that holds {@code index.html}, and the builder that copies it.
 */
package dev.hivemind.analyzer.stack.staticsite;
