package io.gitopsbridge.merge;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Merge keys of list fields ({@code x-kubernetes-patch-merge-key} with strategy {@code merge} in the Kubernetes API)
 * for built-in kinds. A list of a built-in kind that is not here is atomic: a patch replaces it whole. For kinds the
 * API does not define (custom resources), {@link #guess} gives kustomize's rule: a list of maps that all carry one of
 * a few well-known keys merges by that key.
 */
public final class MergeKeys {
    /** List field name → merge key, wherever the field appears in a pod spec, container or object metadata. */
    private static final Map<String, String> BY_FIELD = Map.ofEntries(
            Map.entry("containers", "name"), Map.entry("initContainers", "name"), Map.entry("ephemeralContainers", "name"),
            Map.entry("volumes", "name"), Map.entry("env", "name"), Map.entry("volumeMounts", "mountPath"),
            Map.entry("volumeDevices", "devicePath"), Map.entry("imagePullSecrets", "name"), Map.entry("hostAliases", "ip"),
            Map.entry("topologySpreadConstraints", "topologyKey"), Map.entry("resourceClaims", "name"),
            Map.entry("conditions", "type"), Map.entry("ownerReferences", "uid"), Map.entry("schedulingGates", "name"),
            Map.entry("webhooks", "name"), Map.entry("secrets", "name"));
    /** List fields with strategy {@code merge,retainKeys}: each merged item keeps only the keys the patch gives. */
    private static final Set<String> RETAIN_KEYS_ITEMS = Set.of("volumes", "resourceClaims");
    /** Lists of scalars with strategy merge: a patch adds to them. */
    private static final Set<String> MERGED_SCALARS = Set.of("finalizers");
    /** kustomize's (kyaml's) keys for lists it knows nothing about, in the order it tries them. */
    private static final List<String> GUESSED = List.of("mountPath", "devicePath", "ip", "type", "topologyKey", "name",
            "containerPort");
    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io", "coordination.k8s.io",
            "discovery.k8s.io", "events.k8s.io", "certificates.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "extensions",
            "authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io");

    private MergeKeys() {}

    /** Whether the API defines the kind's schema (so its lists are atomic unless listed here). */
    public static boolean isBuiltin(String group) {
        return BUILTIN_GROUPS.contains(group);
    }

    /**
     * The merge key of the list at {@code path} (field names from the object's root) of a built-in kind, or null
     * when the list is atomic.
     */
    public static String of(String kind, List<String> path) {
        String field = path.get(path.size() - 1);
        if (field.equals("ports")) {
            if (path.size() == 2 && path.get(0).equals("spec") && (kind.equals("Service"))) {
                return "port";
            }
            return path.size() >= 2 && isContainerList(path.get(path.size() - 2)) ? "containerPort" : null;
        }
        return BY_FIELD.get(field);
    }

    private static boolean isContainerList(String field) {
        return field.equals("containers") || field.equals("initContainers") || field.equals("ephemeralContainers");
    }

    /**
     * Whether the field at {@code path} of a built-in kind has strategy {@code retainKeys}: a merged map keeps only the
     * keys the desired object gives (a Deployment's {@code spec.strategy}; each item of {@code volumes} and
     * {@code resourceClaims}), so switching {@code strategy.type} to Recreate drops the defaulted
     * {@code rollingUpdate} instead of sending both, which the server refuses.
     */
    public static boolean retainsKeys(String kind, List<String> path) {
        if (path.size() == 2 && path.get(0).equals("spec") && path.get(1).equals("strategy")) {
            return kind.equals("Deployment");
        }
        return !path.isEmpty() && RETAIN_KEYS_ITEMS.contains(path.get(path.size() - 1));
    }

    /** Whether the scalar list at {@code path} merges (adds) rather than being replaced. */
    public static boolean mergesScalars(List<String> path) {
        return MERGED_SCALARS.contains(path.get(path.size() - 1));
    }

    /** kustomize's key for a list of maps it has no schema for: the first well-known key every item has, or null. */
    public static String guess(List<?> items) {
        if (items.isEmpty()) {
            return null;
        }
        for (String key : GUESSED) {
            boolean all = true;
            for (Object item : items) {
                if (!(item instanceof Map<?, ?> m) || !m.containsKey(key)) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return key;
            }
        }
        return null;
    }
}
