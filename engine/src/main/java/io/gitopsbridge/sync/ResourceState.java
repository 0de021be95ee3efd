package io.gitopsbridge.sync;

import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.diff.ResourceDiff;
import io.gitopsbridge.health.Health;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Metadata;
import java.util.Map;

/**
 * One resource of an application as compared: desired, live, or both.
 *
 * @param type the served type, or {@code null} when the cluster does not serve the kind (yet)
 * @param desired the object to apply (namespace filled in, tracking added), or {@code null} when Git no longer has it
 * @param live the object on the server, or {@code null}
 * @param status Synced or OutOfSync
 * @param health the live object's health, or {@code null} when its kind has no health rule or it does not exist
 * @param message why it is OutOfSync beyond a diff (an object someone else owns, a kind the cluster does not serve)
 * @param requiresPruning whether it is tracked to the application but no longer in Git
 * @param wave its sync wave
 * @param options its sync options (the application's, overridden by its annotation)
 * @param file where it came from in Git, or {@code null}
 * @param typeFromSync whether its kind is defined by a CRD in the same sync
 */
public record ResourceState(ResourceKey key, ResourceType type, Map<String, Object> desired, Map<String, Object> live,
        ResourceDiff diff, SyncCode status, Health health, String message, boolean requiresPruning, int wave, SyncOptions options,
        String file, boolean typeFromSync) {
    static final String COMPARE_OPTIONS = "argocd.argoproj.io/compare-options";

    /** Whether a live object exists that this application does not track (someone else created it). */
    public boolean conflict() {
        return message != null && live != null && desired != null;
    }

    /** Whether an extraneous live object is marked {@code compare-options: IgnoreExtraneous}. */
    public boolean ignoreExtraneous() {
        String v = live == null ? null : Metadata.annotation(live, COMPARE_OPTIONS);
        return v != null && v.contains("IgnoreExtraneous");
    }
}
