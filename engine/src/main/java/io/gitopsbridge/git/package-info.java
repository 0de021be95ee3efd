/**
 * Reaching Git servers from this process: which URLs may be reached at all (network transports only, never the
 * controller's own disk), how to authenticate, and which CA to trust, each scoped to one session so that nothing a
 * job supplies outlives its request.
 */
package io.gitopsbridge.git;
