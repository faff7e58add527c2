/**
 * The edge proxy: one Jetty reverse proxy per app on its public port, routing by weight to the ready instances of
 * each release (sticky while traffic is split), with forwarded and security headers, TLS, and per-release metrics;
 * bounded so that no instance holds up the rest of the traffic (a request timeout, connections and a queue per
 * instance, requests abandoned when their clients leave).
 */
package dev.hivemind.runtime.proxy;
