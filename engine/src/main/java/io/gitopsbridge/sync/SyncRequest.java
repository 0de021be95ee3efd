package io.gitopsbridge.sync;

import java.time.Duration;

/**
 * One sync operation.
 *
 * @param prune whether objects Git no longer has are deleted (otherwise they are reported as requiring pruning)
 * @param dryRun plan only: nothing in the cluster changes
 * @param allowEmpty whether a sync may prune every resource of the application ({@code null}: the Application's
 *     {@code syncPolicy.automated.allowEmpty})
 * @param timeout how long the whole operation may wait for waves and hooks to become healthy
 */
public record SyncRequest(boolean prune, boolean dryRun, Boolean allowEmpty, Duration timeout) {
    public static final SyncRequest DEFAULT = new SyncRequest(false, false, null, Duration.ofMinutes(10));

    public SyncRequest withPrune(boolean p) {
        return new SyncRequest(p, dryRun, allowEmpty, timeout);
    }

    public SyncRequest withDryRun(boolean d) {
        return new SyncRequest(prune, d, allowEmpty, timeout);
    }

    public SyncRequest withAllowEmpty(Boolean a) {
        return new SyncRequest(prune, dryRun, a, timeout);
    }

    public SyncRequest withTimeout(Duration t) {
        return new SyncRequest(prune, dryRun, allowEmpty, t);
    }
}
