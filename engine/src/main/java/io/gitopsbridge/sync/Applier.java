package io.gitopsbridge.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.diff.Differ;
import io.gitopsbridge.diff.FieldPath;
import io.gitopsbridge.diff.Ignores;
import io.gitopsbridge.diff.Normalizer;
import io.gitopsbridge.kube.JsonPatches;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.merge.ThreeWayMerge;
import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one object. By default as a client-side apply: the last-applied record goes on the object (as kubectl
 * writes it), and an update is a JSON patch from the live object to the three-way merge, so fields other writers own
 * survive and an object already in the desired state costs no request at all. {@code Replace=true} sends the whole
 * object, {@code Force=true,Replace=true} deletes and recreates it, {@code ServerSideApply=true} lets the server merge.
 */
final class Applier {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Resources resources;
    private final EngineSettings settings;
    private final ClusterSchemas schemas;

    Applier(Resources resources, EngineSettings settings, ClusterSchemas schemas) {
        this.resources = resources;
        this.settings = settings;
        this.schemas = schemas;
    }

    /** The result of applying: what was done and the object as the server holds it. */
    record Applied(SyncResult.Action action, Map<String, Object> object) {}

    /** How often a write is tried again on a fresh read after the object changed under it (kubectl's maxPatchRetry). */
    static final int CONFLICT_RETRIES = 5;

    /**
     * @param live the object as last seen, or {@code null} when it did not exist
     * @param fresh whether {@code live} was read just now; otherwise a write reads it again first
     */
    Applied apply(ResourceType type, Map<String, Object> desired, Map<String, Object> live, boolean fresh, SyncOptions options,
            Ignores ignores) {
        Resources.Validation validation = options.off("Validate") ? Resources.Validation.IGNORE : Resources.Validation.STRICT;
        if (options.on("ServerSideApply")) {
            return new Applied(live == null ? SyncResult.Action.CREATE : SyncResult.Action.UPDATE,
                    resources.apply(type, desired, settings.fieldManager(), true));
        }
        boolean replace = options.on("Replace");
        // kubectl replace keeps no last-applied record: that is what lets Replace=true carry objects over 256 KiB.
        Map<String, Object> object = replace ? Trees.copy(desired) : withLastApplied(desired);
        String namespace = type.namespaced() ? String.valueOf(metadata(object).get("namespace")) : null;
        String name = String.valueOf(metadata(object).get("name"));
        if (live != null && !replace && changes(object, live, desired, ignores, options, schemas.of(type, String.valueOf(desired.get("apiVersion")), type.kind())).isEmpty()) {
            return new Applied(SyncResult.Action.UNCHANGED, live);
        }
        // The comparison's snapshot may be minutes old: write from a fresh read, guarded by its resourceVersion.
        Map<String, Object> current = live == null || fresh ? live : resources.get(type, namespace, name).orElse(null);
        for (int attempt = 1; ; attempt++) {
            try {
                if (current == null) {
                    return new Applied(SyncResult.Action.CREATE, resources.create(type, object, validation));
                }
                if (replace && options.on("Force") && !NEVER_RECREATED.contains(type.kind())) {
                    resources.delete(type, namespace, name, Resources.Propagation.FOREGROUND);
                    awaitGone(type, namespace, name);
                    return new Applied(SyncResult.Action.RECREATE, resources.create(type, object, validation));
                }
                if (replace) {
                    Map<String, Object> put = Trees.copy(object);
                    metadata(put).put("resourceVersion", metadata(current).get("resourceVersion"));
                    return new Applied(SyncResult.Action.REPLACE, resources.replace(type, put, validation));
                }
                List<Map<String, Object>> ops = changes(object, current, desired, ignores, options, schemas.of(type, String.valueOf(desired.get("apiVersion")), type.kind()));
                if (ops.isEmpty()) {
                    return new Applied(SyncResult.Action.UNCHANGED, current);
                }
                List<Map<String, Object>> guarded = new ArrayList<>();
                // A patch that sets the resourceVersion it was computed from fails with 409 if the object moved on.
                guarded.add(Map.of("op", "replace", "path", "/metadata/resourceVersion",
                        "value", String.valueOf(metadata(current).get("resourceVersion"))));
                guarded.addAll(ops);
                return new Applied(SyncResult.Action.UPDATE, resources.patch(type, namespace, name, guarded, validation));
            } catch (KubernetesClientException e) {
                if (e.getCode() != 409 || attempt >= CONFLICT_RETRIES) {
                    throw e;
                }
                Map<String, Object> now = resources.get(type, namespace, name).orElse(null);
                java.util.Optional<String> owner = now == null ? java.util.Optional.empty() : settings.tracking().owner(now);
                boolean ours = owner.equals(settings.tracking().owner(object)) || owner.isEmpty() && settings.adoptUntracked();
                if (current == null && now != null && !ours) {
                    // AlreadyExists, and not from a create of ours whose reply was lost: another application's object.
                    throw e;
                }
                current = now;
                pause(attempt);
            }
        }
    }

    /** Kinds a forced replace updates instead of deleting: deleting a CRD or a Namespace deletes what is in it. */
    private static final java.util.Set<String> NEVER_RECREATED = java.util.Set.of("CustomResourceDefinition", "Namespace");

    /** Waits (up to a minute) until a deleted object is gone, as {@code kubectl replace --force} does. */
    private void awaitGone(ResourceType type, String namespace, String name) {
        long deadline = System.nanoTime() + java.time.Duration.ofMinutes(1).toNanos();
        while (resources.get(type, namespace, name).isPresent() && System.nanoTime() < deadline) {
            sleep(Math.max(10, settings.pollInterval().toMillis()));
        }
    }

    /** Backs off between conflict retries (kubectl waits too), so a busy object gets a chance to settle. */
    private static void pause(int attempt) {
        sleep(100L * attempt);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KubernetesClientException("interrupted while writing", e);
        }
    }

    /** The patch from {@code current} to the three-way merge of what was applied last, what is desired and it. */
    private static List<Map<String, Object>> changes(Map<String, Object> object, Map<String, Object> current,
            Map<String, Object> desired, Ignores ignores, SyncOptions options, MergeRules rules) {
        Map<String, Object> merged = ThreeWayMerge.threeWay(Differ.lastApplied(current), object, current, rules);
        if (options.on("RespectIgnoreDifferences")) {
            for (FieldPath p : ignores.pathsFor(desired, current)) {
                p.copy(current, merged);
            }
        }
        List<Map<String, Object>> ops = JsonPatches.diff(current, merged);
        // The server writes some values in its own form (1000m as 1): a patch that only restates them changes nothing.
        if (ops.isEmpty() || Trees.same(Normalizer.normalize(merged), Normalizer.normalize(current))) {
            return List.of();
        }
        return ops;
    }

    /** A copy carrying what is applied as its last-applied record, so the next apply knows which fields it owns. */
    private static Map<String, Object> withLastApplied(Map<String, Object> desired) {
        Map<String, Object> object = Trees.copy(desired);
        Map<String, Object> metadata = metadata(object);
        Map<String, Object> annotations = Trees.map(metadata.get("annotations"));
        if (annotations == null) {
            annotations = new LinkedHashMap<>();
            metadata.put("annotations", annotations);
        }
        annotations.remove(Normalizer.LAST_APPLIED);
        try {
            annotations.put(Normalizer.LAST_APPLIED, JSON.writeValueAsString(Trees.sorted(object)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return object;
    }

    private static Map<String, Object> metadata(Map<String, Object> object) {
        return Trees.map(object.get("metadata"));
    }
}
