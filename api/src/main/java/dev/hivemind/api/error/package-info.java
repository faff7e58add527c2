/**
 * The error hierarchy: {@link dev.hivemind.api.error.HiveMindException} and one subclass per failure domain,
 * each naming the {@link dev.hivemind.api.error.Agent} that failed, the context, the remediation and the
 * {@link dev.hivemind.api.error.RetryCategory} the engine retries it under.
 */
package dev.hivemind.api.error;
