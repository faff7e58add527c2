/**
 * The edge proxy: one Jetty reverse proxy per app on its public port, routing by weight to the ready instances of
 * each release (sticky while traffic is split), with forwarded and security headers, TLS, and per-release metrics.
 */
package dev.hivemind.runtime.proxy;
