package dev.hivemind.analyzer.audit;

import java.util.Objects;

/**
 * A possible secret in the source. It never holds the secret itself.
 *
 * @param file     relative to the scanned directory, with forward slashes
 * @param line     1-based
 * @param kind     what it looks like ("AWS access key id")
 * @param redacted a prefix short enough to recognise the value without revealing it
 */
record SecretFinding(String file, int line, String kind, String redacted) {
    SecretFinding {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(redacted, "redacted");
    }

    /** {@code config/aws.py:3: AWS access key id (AKIA…, 20 characters)}. */
    String describe() {
        return file + ":" + line + ": " + kind + " (" + redacted + ")";
    }
}
