package dev.hivemind.cli;

/** {@code --output text|json}: JSON prints one document on stdout; progress stays on stderr. */
public enum OutputFormat {
    TEXT, JSON
}
