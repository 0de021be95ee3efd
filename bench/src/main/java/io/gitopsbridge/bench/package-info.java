/** Benchmark harnesses; each has a {@code main} that prints a table. */
package io.gitopsbridge.bench;
