package io.gitopsbridge.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.diff.Differ;
import io.gitopsbridge.diff.FieldPath;
import io.gitopsbridge.diff.Ignores;
import io.gitopsbridge.diff.Merge;
import io.gitopsbridge.diff.Normalizer;
import io.gitopsbridge.kube.JsonPatches;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.yaml.Trees;
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

    Applier(Resources resources, EngineSettings settings) {
        this.resources = resources;
        this.settings = settings;
    }

    /** The result of applying: what was done and the object as the server holds it. */
    record Applied(SyncResult.Action action, Map<String, Object> object) {}

    Applied apply(ResourceType type, Map<String, Object> desired, Map<String, Object> live, SyncOptions options, Ignores ignores) {
        Resources.Validation validation = options.off("Validate") ? Resources.Validation.IGNORE : Resources.Validation.STRICT;
        if (options.on("ServerSideApply")) {
            return new Applied(live == null ? SyncResult.Action.CREATE : SyncResult.Action.UPDATE,
                    resources.apply(type, desired, settings.fieldManager(), true));
        }
        Map<String, Object> object = withLastApplied(desired);
        if (live == null) {
            return new Applied(SyncResult.Action.CREATE, resources.create(type, object, validation));
        }
        String namespace = type.namespaced() ? String.valueOf(metadata(object).get("namespace")) : null;
        String name = String.valueOf(metadata(object).get("name"));
        if (options.on("Replace")) {
            if (options.on("Force")) {
                resources.delete(type, namespace, name, Resources.Propagation.FOREGROUND);
                return new Applied(SyncResult.Action.RECREATE, resources.create(type, object, validation));
            }
            metadata(object).put("resourceVersion", metadata(live).get("resourceVersion"));
            return new Applied(SyncResult.Action.REPLACE, resources.replace(type, object, validation));
        }
        Map<String, Object> merged = Merge.threeWay(Differ.lastApplied(live), object, live);
        if (options.on("RespectIgnoreDifferences")) {
            for (FieldPath p : ignores.pathsFor(desired, live)) {
                p.copy(live, merged);
            }
        }
        List<Map<String, Object>> ops = JsonPatches.diff(live, merged);
        // The server writes some values in its own form (1000m as 1): a patch that only restates them changes nothing.
        if (ops.isEmpty() || Trees.same(Normalizer.normalize(merged), Normalizer.normalize(live))) {
            return new Applied(SyncResult.Action.UNCHANGED, live);
        }
        return new Applied(SyncResult.Action.UPDATE, resources.patch(type, namespace, name, ops, validation));
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
