package io.gitopsbridge.taskrun;

/**
 * How one step ended.
 *
 * @param step the step's name
 * @param exitCode its exit code (for {@code onError: continue} steps, the real one)
 * @param reason {@code Completed}, {@code Error}, {@code OOMKilled}, {@code Continued} (failed, onError: continue), …
 */
public record StepOutcome(String step, int exitCode, String reason) {}
