package io.gitopsbridge.tekton;

/**
 * A named Task.
 *
 * @param name {@code metadata.name}
 * @param spec what it does
 * @param file where it was read from, for messages
 */
public record Task(String name, TaskSpec spec, String file) {}
