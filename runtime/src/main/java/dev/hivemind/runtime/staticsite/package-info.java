/**
 * The static file server a static site's instances run, and the script the agent writes to start it.
 */
package dev.hivemind.runtime.staticsite;
