/**
 * The rules that decide which jobs reach which cluster and application: folder allow-lists, checked where a step
 * connects, so that a pipeline can use only what an administrator granted to its folder; and the namespaces a
 * cluster lets synced objects go to, checked by every sync, a pipeline's or the controller's.
 */
package io.jenkins.plugins.gitopsbridge.security;
