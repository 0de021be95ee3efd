/**
 * The Task → Pod contract: one Pod per Task run, steps as init containers in order, scripts and params delivered
 * so that neither Kubernetes nor a shell can reinterpret them, workspaces, results, sidecars and the pod template.
 * See docs/task-pods.md for why steps are init containers.
 */
package io.gitopsbridge.pod;
