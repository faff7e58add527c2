/**
 * What the validate stage requests through the public URL: the health probe, the smoke tests and a load sample
 * judged against its targets.
 */
package dev.hivemind.engine.validate;
