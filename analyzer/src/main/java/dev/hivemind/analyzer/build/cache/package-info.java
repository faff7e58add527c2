/**
 * The build cache in front of every builder: the key (source digest, toolchain versions), the entries, their lock,
 * and the relocation of a cached artifact into a new directory.
 */
package dev.hivemind.analyzer.build.cache;
