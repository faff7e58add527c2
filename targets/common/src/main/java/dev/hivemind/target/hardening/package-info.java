/**
 * The Sheriff's score, shared by every target: the rubric's checks and their weights, and the arithmetic that
 * turns a target's scored checks into its {@link dev.hivemind.api.SecurityConfig} (docs/security.md). What each
 * check looks at stays with the target.
 */
package dev.hivemind.target.hardening;
