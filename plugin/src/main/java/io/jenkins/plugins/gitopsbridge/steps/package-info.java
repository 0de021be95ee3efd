/**
 * Pipeline steps that run Task Pods: {@code taskPod}, {@code tektonRun} and {@code kanikoBuild}. Each step turns
 * its arguments into a {@link io.jenkins.plugins.gitopsbridge.steps.Plan} without touching Jenkins (so tests run
 * it against a Kubernetes API), and one execution class carries every plan: it connects to the configured cluster
 * off the CPS thread, streams step logs into the build log, and deletes the Pods when the build is aborted.
 */
package io.jenkins.plugins.gitopsbridge.steps;
