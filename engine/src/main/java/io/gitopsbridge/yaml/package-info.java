/**
 * YAML documents as trees that remember where each node came from (file, path such as
 * {@code spec.steps[1].name}, line), so that errors about user input can point at it.
 */
package io.gitopsbridge.yaml;
