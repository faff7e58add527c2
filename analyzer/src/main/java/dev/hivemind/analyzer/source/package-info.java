/**
 * Bringing a source to disk: JGit clones with progress, the clone cache, what may be shown of a git URL, and ssh
 * transport with keys and known_hosts checks.
 */
package dev.hivemind.analyzer.source;
