/**
 * The sync engine's view of a cluster: resource identities and types, and one small port ({@link
 * io.gitopsbridge.kube.Resources}) for listing, reading and writing objects as plain trees, with a fabric8 adapter.
 */
package io.gitopsbridge.kube;
