package dev.hivemind.api.error;

/** Which retry policy applies to a failure; the policy itself lives in the engine. */
public enum RetryCategory {
    /** Clone, SSH, HTTP to a target: 3 attempts, exponential backoff from 2 s. */
    NETWORK,
    /** Cloud API throttling: 5 attempts, exponential backoff. */
    THROTTLING,
    /** Deploy failures: 2 attempts. */
    DEPLOY,
    /** Never retried: build failures, bad input, anything the user must fix first. */
    NONE
}
