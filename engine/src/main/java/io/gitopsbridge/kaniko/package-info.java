/**
 * Image builds with Kaniko inside a Task Pod, without a Docker daemon: a built-in Task, registry credentials as a
 * per-run docker config Secret, and the pushed digest back as {@code IMAGE@digest}.
 */
package io.gitopsbridge.kaniko;
