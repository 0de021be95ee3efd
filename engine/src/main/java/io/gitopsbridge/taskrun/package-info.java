/**
 * Runs one Task as Pods: creates the Pod, follows it with a watch, streams each step's log live and in order,
 * enforces task and step timeouts, cancels, retries with a new Pod per attempt, and reports the outcome with the
 * real reason (exit code, OOMKilled, ImagePullBackOff, Unschedulable, Evicted, results too large).
 */
package io.gitopsbridge.taskrun;
