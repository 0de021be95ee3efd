/**
 * The rules that decide which jobs reach which cluster and application: folder allow-lists, checked where a step
 * connects, so that a pipeline can use only what an administrator granted to its folder.
 */
package io.jenkins.plugins.gitopsbridge.security;
