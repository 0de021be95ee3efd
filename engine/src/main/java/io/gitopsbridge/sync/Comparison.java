package io.gitopsbridge.sync;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.health.Health;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Desired and live state compared.
 *
 * @param status Synced, OutOfSync, or Unknown when the desired state could not be worked out
 * @param health the application's health
 * @param resources every resource, in key order
 * @param hooks the hooks in Git
 * @param conditions problems, such as {@code ComparisonError}
 * @param revisions the commits compared
 */
public record Comparison(SyncCode status, Health health, List<ResourceState> resources, List<HookResource> hooks,
        List<ApplicationStatus.Condition> conditions, List<String> revisions) {

    /** The resources that are OutOfSync. */
    public List<ResourceState> outOfSync() {
        return resources.stream().filter(r -> r.status() == SyncCode.OUT_OF_SYNC).toList();
    }

    /** A unified diff of every OutOfSync resource, for people; Secret values masked. */
    public String diff() {
        StringBuilder out = new StringBuilder();
        for (ResourceState r : outOfSync()) {
            if (r.message() != null) {
                out.append("# ").append(r.key()).append(": ").append(r.message()).append('\n');
            }
            out.append(r.diff().unified());
        }
        return out.toString();
    }

    /** The application status this comparison gives, keeping the previous operation state and history. */
    public ApplicationStatus toStatus(ApplicationStatus previous, Instant now) {
        List<ApplicationStatus.ResourceStatus> rs = new ArrayList<>();
        for (ResourceState r : resources) {
            String version = r.type() != null ? r.type().version() : version(r);
            rs.add(new ApplicationStatus.ResourceStatus(r.key().group(), version, r.key().kind(), r.key().namespace(),
                    r.key().name(), r.status(), r.health(), false, r.requiresPruning()));
        }
        return new ApplicationStatus(new ApplicationStatus.Sync(status, revisions), health, List.copyOf(rs), conditions,
                previous.operationState(), previous.history(), now);
    }

    private static String version(ResourceState r) {
        Object apiVersion = (r.desired() != null ? r.desired() : r.live()).get("apiVersion");
        String v = String.valueOf(apiVersion);
        return v.contains("/") ? v.substring(v.indexOf('/') + 1) : v;
    }
}
