package io.gitopsbridge.schema;

import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;

/** The schema of a custom resource from its CustomResourceDefinition: one served version's {@code openAPIV3Schema}. */
public final class CrdSchema {
    private CrdSchema() {}

    /** The schema of {@code version} of {@code crd} (an {@code apiextensions.k8s.io/v1} object); NONE without one. */
    public static TypeSchema of(Map<String, Object> crd, String version) {
        Map<String, Object> spec = Trees.map(crd.get("spec"));
        List<Object> versions = spec == null ? null : Trees.list(spec.get("versions"));
        for (Object v : versions == null ? List.of() : versions) {
            Map<String, Object> ver = Trees.map(v);
            if (ver != null && version.equals(ver.get("name"))) {
                Map<String, Object> schema = Trees.map(ver.get("schema"));
                Map<String, Object> root = schema == null ? null : Trees.map(schema.get("openAPIV3Schema"));
                return root == null ? TypeSchema.NONE : OpenApi.inline(root);
            }
        }
        return TypeSchema.NONE;
    }
}
