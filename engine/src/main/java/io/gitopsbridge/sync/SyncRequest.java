package io.gitopsbridge.sync;

import io.gitopsbridge.kube.ResourceKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * One sync operation.
 *
 * @param prune whether objects Git no longer has are deleted (otherwise they are reported as requiring pruning)
 * @param dryRun plan only: nothing in the cluster changes
 * @param allowEmpty whether a sync may prune every resource of the application ({@code null}: the Application's
 *     {@code syncPolicy.automated.allowEmpty})
 * @param timeout how long the operation may take, from its comparison to its last wave and hook: no write starts after
 *     it (callers that render first give what is left, {@link #remainingAfter})
 * @param automated whether automated sync (or self-heal) asked for it, rather than {@code username}
 * @param username who asked: a person or a job; empty when automated
 * @param selfHealAttempts the self-heals of this revision so far, this one included (0 when not a self-heal)
 * @param only a selective sync's resources (Argo CD's {@code sync.resources}: no hooks run, nothing else is touched);
 *     empty for all
 */
public record SyncRequest(boolean prune, boolean dryRun, Boolean allowEmpty, Duration timeout, boolean automated,
        String username, int selfHealAttempts, Set<ResourceKey> only) {
    public static final SyncRequest DEFAULT = new SyncRequest(false, false, null, Duration.ofMinutes(10), false, "", 0, Set.of());

    public SyncRequest {
        only = Set.copyOf(only);
    }

    public SyncRequest withPrune(boolean p) {
        return new SyncRequest(p, dryRun, allowEmpty, timeout, automated, username, selfHealAttempts, only);
    }

    public SyncRequest withDryRun(boolean d) {
        return new SyncRequest(prune, d, allowEmpty, timeout, automated, username, selfHealAttempts, only);
    }

    public SyncRequest withAllowEmpty(Boolean a) {
        return new SyncRequest(prune, dryRun, a, timeout, automated, username, selfHealAttempts, only);
    }

    public SyncRequest withTimeout(Duration t) {
        return new SyncRequest(prune, dryRun, allowEmpty, t, automated, username, selfHealAttempts, only);
    }

    /** Asked for by {@code who} (a user or a job). */
    public SyncRequest by(String who) {
        return new SyncRequest(prune, dryRun, allowEmpty, timeout, false, who, selfHealAttempts, only);
    }

    /** Asked for by automated sync; {@code selfHeal} counts this revision's self-heals, 0 for a sync of a new one. */
    public SyncRequest automatedSync(int selfHeal) {
        return new SyncRequest(prune, dryRun, allowEmpty, timeout, true, "", selfHeal, only);
    }

    /** A selective sync of these resources only. */
    public SyncRequest only(Set<ResourceKey> keys) {
        return new SyncRequest(prune, dryRun, allowEmpty, timeout, automated, username, selfHealAttempts, keys);
    }

    /** This request with what is left of its timeout after work that began at {@code start} (such as the render). */
    public SyncRequest remainingAfter(Instant start) {
        Duration left = timeout.minus(Duration.between(start, Instant.now()));
        return withTimeout(left.isNegative() ? Duration.ZERO : left);
    }
}
