package io.gitopsbridge.app;

import java.util.List;
import java.util.Map;

/**
 * One {@code spec.ignoreDifferences} entry: fields of matching objects that compare never looks at.
 *
 * @param group the API group ({@code ""} for core), or {@code null} for any
 * @param kind the kind, or {@code null} for any ({@code *} too)
 * @param name the object name, or {@code null} for any
 * @param namespace the namespace, or {@code null} for any
 * @param jsonPointers RFC 6901 pointers
 * @param jqPathExpressions jq paths (the common forms: {@code .a.b}, {@code ."k"}, {@code .a[]}, {@code .a[0]},
 *     {@code | select(.f == "v")})
 * @param managedFieldsManagers field managers whose fields are ignored
 */
public record IgnoreDifference(String group, String kind, String name, String namespace, List<String> jsonPointers,
        List<String> jqPathExpressions, List<String> managedFieldsManagers) {

    /** Whether this entry applies to {@code object}. */
    public boolean matches(Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        String objectGroup = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        Object md = object.get("metadata");
        Map<?, ?> metadata = md instanceof Map<?, ?> m ? m : Map.of();
        return (group == null || group.equals("*") || group.equals(objectGroup))
                && (kind == null || kind.equals("*") || kind.equals(object.get("kind")))
                && (name == null || name.isEmpty() || name.equals(metadata.get("name")))
                && (namespace == null || namespace.isEmpty() || namespace.equals(metadata.get("namespace")));
    }
}
