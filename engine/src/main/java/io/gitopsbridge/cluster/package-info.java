/**
 * Connections to Kubernetes clusters: where the credentials come from (a kubeconfig, a server URL with a token,
 * or the Pod's own service account), which namespace applies, and errors that name the server or file but never
 * a secret.
 */
package io.gitopsbridge.cluster;
