/**
 * Everything HiveMind does for Java apps: detection from Maven and Gradle builds, the JDK rules, the framework's
 * health endpoint and port, the start command and the builder that lays out the runnable jar.
 */
package dev.hivemind.analyzer.stack.java;
