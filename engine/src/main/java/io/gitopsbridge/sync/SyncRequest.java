package io.gitopsbridge.sync;

import java.time.Duration;

/**
 * One sync operation.
 *
 * @param prune whether objects Git no longer has are deleted (otherwise they are reported as requiring pruning)
 * @param dryRun plan only: nothing in the cluster changes
 * @param allowEmpty whether a sync may prune every resource of the application ({@code null}: the Application's
 *     {@code syncPolicy.automated.allowEmpty})
 * @param timeout how long the operation may take, from its comparison to its last wave and hook: no write starts after
 *     it (callers that render first give what is left, {@link #remainingAfter})
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

    /** This request with what is left of its timeout after work that began at {@code start} (such as the render). */
    public SyncRequest remainingAfter(java.time.Instant start) {
        Duration left = timeout.minus(Duration.between(start, java.time.Instant.now()));
        return withTimeout(left.isNegative() ? Duration.ZERO : left);
    }
}
