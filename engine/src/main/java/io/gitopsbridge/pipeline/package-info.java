/**
 * Runs Tekton Pipelines as Task Pods: DAG order with a parallelism limit, {@code when} skips, results passed between
 * tasks, matrix fan-out, {@code finally} tasks, fail-fast, and a PersistentVolumeClaim per run for shared workspaces.
 */
package io.gitopsbridge.pipeline;
