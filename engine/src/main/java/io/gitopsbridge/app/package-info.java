/**
 * Argo CD's {@code Application} (argoproj.io/v1alpha1) as records: sources, destination, sync policy, sync options,
 * ignoreDifferences and status, read from YAML files or from Application objects in a cluster, so Argo CD users bring
 * their Application YAML unchanged.
 */
package io.gitopsbridge.app;
