package io.gitopsbridge.schema;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * How the fields of one object merge, read from its kind's schema the way the reference tools read it.
 *
 * <p>Built-in kinds merge as kubectl's client-side apply and strategic merge patches do: a list whose patch strategy
 * is {@code merge} merges item by item by its {@code patchMergeKey} (or, for scalars, by value); {@code retainKeys}
 * keeps only the keys the patch gives; {@code replace} replaces a map whole; every other list is atomic. Custom
 * resources follow their structural schema's list types, as the API server's structured merge does: {@code map}
 * merges by the list-map keys, {@code set} by value, others are atomic. Object metadata is {@code ObjectMeta} for
 * every kind (finalizers merge as a set, owner references by uid).
 */
public final class MergeRules {
    /** How a list merges. */
    public enum ListKind { KEYED, SET, ATOMIC }

    /** A list's rule: merged by {@code keys}, as a set of values, or replaced whole. */
    public record ListRule(ListKind kind, List<String> keys) {
        static final ListRule ATOMIC = new ListRule(ListKind.ATOMIC, List.of());
        static final ListRule SET = new ListRule(ListKind.SET, List.of());
    }

    private static final Set<String> BUILTIN_GROUPS = Set.of("", "apps", "batch", "autoscaling", "policy", "networking.k8s.io",
            "rbac.authorization.k8s.io", "storage.k8s.io", "scheduling.k8s.io", "node.k8s.io", "coordination.k8s.io",
            "discovery.k8s.io", "events.k8s.io", "certificates.k8s.io", "admissionregistration.k8s.io",
            "apiextensions.k8s.io", "apiregistration.k8s.io", "flowcontrol.apiserver.k8s.io", "extensions",
            "authentication.k8s.io", "authorization.k8s.io", "resource.k8s.io");
    private static final TypeSchema OBJECT_META = BuiltinKinds.schema().of("", "v1", "ConfigMap").orElse(TypeSchema.NONE);

    private final TypeSchema schema;
    private final boolean strategic;

    private MergeRules(TypeSchema schema, boolean strategic) {
        this.schema = schema;
        this.strategic = strategic;
    }

    /** Whether the API server defines the group's kinds itself (so they merge strategically). */
    public static boolean isBuiltin(String group) {
        return BUILTIN_GROUPS.contains(group);
    }

    /** The rules of an object of {@code apiVersion} {@code kind}, its schema taken from {@code schemas}. */
    public static MergeRules of(String apiVersion, String kind, Schemas schemas) {
        int slash = apiVersion.indexOf('/');
        String group = slash < 0 ? "" : apiVersion.substring(0, slash);
        String version = apiVersion.substring(slash + 1);
        TypeSchema schema = schemas.of(group, version, kind).orElse(TypeSchema.NONE);
        return isBuiltin(group) ? strategic(schema) : structural(schema);
    }

    /** The rules of an object of a built-in kind, from the built-in table. */
    public static MergeRules builtin(String apiVersion, String kind) {
        return of(apiVersion, kind, BuiltinKinds::of);
    }

    /** Patch strategies and merge keys decide (built-in kinds; kustomize reads a custom schema this way too). */
    public static MergeRules strategic(TypeSchema schema) {
        return new MergeRules(schema, true);
    }

    /** List types decide (custom resources). */
    public static MergeRules structural(TypeSchema schema) {
        return new MergeRules(schema, false);
    }

    /** Whether these are a built-in kind's rules (strategic merge). */
    public boolean strategic() {
        return strategic;
    }

    /** The rule of the list at {@code path}. */
    public ListRule list(List<String> path) {
        Optional<Field> field = field(path);
        if (field.isEmpty()) {
            return ListRule.ATOMIC;
        }
        Field f = field.get();
        if (strategic || isMetadata(path)) {
            if (!f.hasStrategy("merge")) {
                return ListRule.ATOMIC;
            }
            return f.mergeKey() == null ? ListRule.SET : new ListRule(ListKind.KEYED, List.of(f.mergeKey()));
        }
        if ("map".equals(f.listType()) && !f.listMapKeys().isEmpty()) {
            return new ListRule(ListKind.KEYED, f.listMapKeys());
        }
        return "set".equals(f.listType()) ? ListRule.SET : ListRule.ATOMIC;
    }

    /** Whether a merged map at {@code path} keeps only the keys the patch gives (strategy {@code retainKeys}). */
    public boolean retainsKeys(List<String> path) {
        return (strategic || isMetadata(path)) && field(path).map(f -> f.hasStrategy("retainKeys")).orElse(false);
    }

    /** Whether the map at {@code path} is replaced whole rather than merged (strategy {@code replace}). */
    public boolean replaces(List<String> path) {
        return (strategic || isMetadata(path)) && field(path).map(f -> f.hasStrategy("replace")).orElse(false);
    }

    private Optional<Field> field(List<String> path) {
        return isMetadata(path) ? OBJECT_META.field(path) : schema.field(path);
    }

    private static boolean isMetadata(List<String> path) {
        return !path.isEmpty() && path.get(0).equals("metadata");
    }
}
