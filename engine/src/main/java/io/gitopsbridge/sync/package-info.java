/**
 * One reconcile pass with Argo CD's semantics: compare desired and live state, then sync — apply in phase, wave, kind
 * and name order with hooks, wait for health between waves, prune what this application tracks and Git no longer has —
 * or print that plan without touching the cluster.
 */
package io.gitopsbridge.sync;
