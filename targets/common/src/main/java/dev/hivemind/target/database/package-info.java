/**
 * What an app is told of its database, the same on every target: {@link
 * dev.hivemind.target.database.JavaDatabaseVariables} turns a {@code DATABASE_URL} into what Java apps read.
 */
package dev.hivemind.target.database;
