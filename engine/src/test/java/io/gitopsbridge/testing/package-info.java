/**
 * Test fixtures shared by every module through the engine's test-jar: a Kubernetes API on fabric8's mock server
 * in CRUD mode with the Argo CD and Tekton CRDs, a {@link io.gitopsbridge.testing.TestKubelet} that plays the node
 * for Pods, and a real Git smart-HTTP server with Basic auth.
 */
package io.gitopsbridge.testing;
