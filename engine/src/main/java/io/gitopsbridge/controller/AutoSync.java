package io.gitopsbridge.controller;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.app.SyncPolicy;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.ResourceState;
import io.gitopsbridge.sync.SyncRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Whether an application is synced automatically after a comparison, in the order of Argo CD's
 * {@code appcontroller.go autoSync}: automated sync enabled; no operation running and the application not being
 * deleted; OutOfSync (never Synced or Unknown, so a failed render never prunes); with prune off, not only objects that
 * require pruning; the same revision and sources already synced — failed: an error until Git or the spec changes;
 * succeeded: nothing, unless self-heal, which waits out its backoff and then syncs only the resources not Synced; with
 * prune on and allowEmpty off, not every resource about to be pruned. Only then an operation: prune as
 * {@code automated.prune}, retried by {@code syncPolicy.retry} or, without one, 5 times.
 */
public final class AutoSync {
    /** What the comparison leads to. */
    public enum Outcome {
        /** Nothing to do; the message says why. */
        SKIP,
        /** Start {@link Decision#request()}. */
        SYNC,
        /** Refused: set a {@code SyncError} condition with the message. */
        ERROR,
        /** Self-heal is due later: compare again after {@link Decision#after()}. */
        WAIT
    }

    /**
     * @param request the operation to start ({@link Outcome#SYNC})
     * @param retry how the operation is retried when it fails
     * @param after when to look again ({@link Outcome#WAIT})
     */
    public record Decision(Outcome outcome, String message, SyncRequest request, SyncPolicy.Retry retry, Duration after) {
        static Decision skip(String why) {
            return new Decision(Outcome.SKIP, "Skipping auto-sync: " + why, null, null, Duration.ZERO);
        }
    }

    /** What automated syncs without {@code syncPolicy.retry} get: 5 retries with the default backoff. */
    public static final SyncPolicy.Retry DEFAULT_RETRY = new SyncPolicy.Retry(5, Duration.ofSeconds(5), 2, Duration.ofMinutes(3));

    private AutoSync() {}

    /**
     * @param app the Application, with its status as last written
     * @param comparison the comparison just made
     * @param operationRunning whether an operation (or its retry) is under way
     * @param deleting whether the Application is being deleted
     */
    public static Decision decide(Application app, Comparison comparison, boolean operationRunning, boolean deleting,
            SelfHealBackoff backoff, Instant now) {
        SyncPolicy.Automated automated = app.syncPolicy().automated();
        if (automated == null || !automated.enabled()) {
            return Decision.skip("automated sync is not enabled");
        }
        if (operationRunning) {
            return Decision.skip("another operation is in progress");
        }
        if (deleting) {
            return Decision.skip("deletion in progress");
        }
        if (comparison.status() != SyncCode.OUT_OF_SYNC) {
            return Decision.skip("application status is " + comparison.status().text());
        }
        List<ResourceState> resources = comparison.resources();
        if (!automated.prune() && resources.stream().allMatch(r -> r.status() == SyncCode.SYNCED || r.requiresPruning())) {
            return Decision.skip("need to prune extra resources only but automated prune is disabled");
        }
        String revisions = comparison.revisions().size() == 1 ? comparison.revisions().get(0)
                : comparison.revisions().toString();
        SyncRequest request = SyncRequest.DEFAULT.withPrune(automated.prune()).automatedSync(0);
        ApplicationStatus.OperationState last = app.status().operationState();
        if (alreadyAttempted(app, comparison.revisions())) {
            if (!last.succeeded()) {
                return new Decision(Outcome.ERROR, "Failed last sync attempt to " + revisions + ": " + last.message(), null, null,
                        Duration.ZERO);
            }
            if (!automated.selfHeal()) {
                return Decision.skip("most recent sync already to " + revisions);
            }
            // Self-heal of a revision already synced: the attempts travel with the operation while the revision stays.
            int attempts = last.operation() == null ? 0 : last.operation().selfHealAttempts();
            Duration since = last.finishedAt() == null ? null : Duration.between(last.finishedAt(), now);
            Duration remaining = backoff.remaining(attempts, since);
            if (remaining.compareTo(Duration.ZERO) > 0) {
                return new Decision(Outcome.WAIT, "Skipping auto-sync: already attempted sync to " + revisions + " with timeout "
                        + seconds(backoff.remaining(attempts, null)) + " (retrying in " + seconds(remaining) + ")", null, null, remaining);
            }
            Set<ResourceKey> drifted = new LinkedHashSet<>();
            resources.stream().filter(r -> r.status() != SyncCode.SYNCED).forEach(r -> drifted.add(r.key()));
            request = request.automatedSync(attempts + 1).only(drifted);
        }
        if (automated.prune() && !automated.allowEmpty() && resources.stream().allMatch(ResourceState::requiresPruning)) {
            return new Decision(Outcome.ERROR, "Skipping sync attempt to " + revisions + ": auto-sync will wipe out all resources",
                    null, null, Duration.ZERO);
        }
        SyncPolicy.Retry retry = app.syncPolicy().retry() != null ? app.syncPolicy().retry() : DEFAULT_RETRY;
        return new Decision(Outcome.SYNC, "Initiated automated sync to '" + revisions + "'", request, retry, Duration.ZERO);
    }

    /**
     * Argo CD's {@code alreadyAttemptedSync}: the last operation synced these revisions from exactly the sources the
     * spec has now (a changed path, targetRevision or parameter is a new desired state). A running operation has not
     * been attempted yet.
     */
    static boolean alreadyAttempted(Application app, List<String> revisions) {
        ApplicationStatus.OperationState last = app.status().operationState();
        if (last == null || last.phase().equals("Running") || !last.revisions().equals(revisions)
                || !app.multiSource() && revisions.size() != 1) {
            return false;
        }
        return app.sourceSpecs().equals(last.sources());
    }

    private static String seconds(Duration d) {
        return d.toMillis() % 1000 == 0 ? d.toSeconds() + "s" : d.toMillis() / 1000.0 + "s";
    }
}
