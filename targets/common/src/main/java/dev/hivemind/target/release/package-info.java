/**
 * The releases an app has run on a target ({@code releases.json}), for rollback and the rollouts.
 */
package dev.hivemind.target.release;
