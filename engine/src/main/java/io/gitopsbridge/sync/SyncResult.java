package io.gitopsbridge.sync;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.kube.ResourceKey;
import java.util.List;

/**
 * What a sync did (or, for a dry run, would do).
 *
 * @param succeeded whether the operation succeeded
 * @param message a summary for people
 * @param dryRun whether this was a plan only
 * @param steps every step in the order it ran (or would run)
 * @param status the application status after the sync
 */
public record SyncResult(boolean succeeded, String message, boolean dryRun, List<Step> steps, ApplicationStatus status) {

    /** What a step does to its object. */
    public enum Action {
        CREATE("create"),
        UPDATE("update"),
        /** Applied, but the server already held the desired state: nothing was sent. */
        UNCHANGED("unchanged"),
        REPLACE("replace"),
        /** Deleted and created again ({@code Force=true,Replace=true}). */
        RECREATE("recreate"),
        PRUNE("prune"),
        /** A hook created and waited for. */
        HOOK("hook"),
        /** A hook object deleted by its delete policy. */
        DELETE_HOOK("delete hook"),
        /** A namespace created by {@code CreateNamespace=true}. */
        CREATE_NAMESPACE("create namespace");

        private final String text;

        Action(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    /**
     * One step.
     *
     * @param status Synced, SyncFailed, Pruned, PruneSkipped, Running, Succeeded or Failed (hooks), Planned (dry run)
     */
    public record Step(SyncPhase phase, int wave, Action action, ResourceKey key, String status, String message) {
        /** One line of a plan: {@code Sync 0 update apps/Deployment shop/web}. */
        public String line() {
            return String.format("%-8s %4d  %-16s %s%s", phase.text(), wave, action.text(), key,
                    message == null || message.isEmpty() ? "" : "  (" + message + ")");
        }
    }

    /** The steps as a plan, one line each. */
    public String plan() {
        StringBuilder out = new StringBuilder("PHASE    WAVE  ACTION           RESOURCE\n");
        steps.forEach(s -> out.append(s.line()).append('\n'));
        return out.toString();
    }
}
