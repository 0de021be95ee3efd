package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * How a custom resource's lists merge, from its CRD's structural schema: {@code x-kubernetes-list-type: map} with
 * {@code x-kubernetes-list-map-keys} merges items by those keys, {@code set} merges scalar values, and {@code atomic}
 * or no list type replaces the list whole — the rules the API server's structured merge and kubectl follow.
 */
public interface ListTypes {
    /** A list's semantics: merged by {@code keys}, a set of scalars, or atomic. */
    record Rule(Kind kind, List<String> keys) {
        public enum Kind { MAP, SET, ATOMIC }
    }

    /** No schema: every list of a custom resource is atomic. */
    ListTypes NONE = path -> Optional.empty();

    /** The rule of the list at {@code path} (field names from the object's root; list items add no name). */
    Optional<Rule> rule(List<String> path);

    /**
     * The rules of one served version of a CRD ({@code apiextensions.k8s.io/v1} object), from its
     * {@code openAPIV3Schema}; {@link #NONE} when the version has no schema.
     */
    static ListTypes ofCrd(Map<String, Object> crd, String version) {
        Map<String, Object> spec = Trees.map(crd.get("spec"));
        List<Object> versions = spec == null ? null : Trees.list(spec.get("versions"));
        if (versions == null) {
            return NONE;
        }
        for (Object v : versions) {
            Map<String, Object> ver = Trees.map(v);
            if (ver != null && version.equals(ver.get("name"))) {
                Map<String, Object> schema = Trees.map(ver.get("schema"));
                Map<String, Object> root = schema == null ? null : Trees.map(schema.get("openAPIV3Schema"));
                return root == null ? NONE : path -> rule(root, path);
            }
        }
        return NONE;
    }

    private static Optional<Rule> rule(Map<String, Object> root, List<String> path) {
        Map<String, Object> node = root;
        for (String field : path) {
            if (node == null) {
                return Optional.empty();
            }
            if ("array".equals(node.get("type"))) {
                node = Trees.map(node.get("items"));
                if (node == null) {
                    return Optional.empty();
                }
            }
            Map<String, Object> properties = Trees.map(node.get("properties"));
            node = properties == null ? null : Trees.map(properties.get(field));
        }
        if (node == null || !"array".equals(node.get("type"))) {
            return Optional.empty();
        }
        Object type = node.get("x-kubernetes-list-type");
        if ("map".equals(type)) {
            List<Object> keys = Trees.list(node.get("x-kubernetes-list-map-keys"));
            return keys == null || keys.isEmpty() ? Optional.empty()
                    : Optional.of(new Rule(Rule.Kind.MAP, keys.stream().map(String::valueOf).toList()));
        }
        if ("set".equals(type)) {
            return Optional.of(new Rule(Rule.Kind.SET, List.of()));
        }
        return Optional.of(new Rule(Rule.Kind.ATOMIC, List.of()));
    }
}
