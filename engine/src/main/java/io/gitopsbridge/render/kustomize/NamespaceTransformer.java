package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;

/**
 * {@code namespace:}: sets the namespace of every namespaced object and the other namespace fields of the field specs
 * (APIService and CRD conversion services); in RoleBindings and ClusterRoleBindings, the namespace of a subject named
 * {@code default}. The earlier id is kept, so references and later patches still find the object.
 */
final class NamespaceTransformer {
    private final String namespace;
    private final List<FieldSpec> specs;

    NamespaceTransformer(String namespace, List<FieldSpec> specs) {
        this.namespace = namespace;
        this.specs = specs;
    }

    void transform(ResMap m) {
        if (namespace == null || namespace.isEmpty()) {
            return;
        }
        for (Resource r : m.all()) {
            ResId id = r.id();
            r.storePreviousId();
            if (id.kind().equals("Namespace") && id.group().isEmpty()) {
                r.setName(namespace);
            }
            for (FieldSpec fs : specs) {
                if (!fs.selects(id)) {
                    continue;
                }
                boolean metadata = fs.path().equals(List.of("metadata", "namespace"));
                if (metadata && Scopes.isClusterScoped(id.group(), id.kind())) {
                    continue;
                }
                fs.visit(r.object(), f -> f.set(namespace));
            }
            if ((id.kind().equals("RoleBinding") || id.kind().equals("ClusterRoleBinding"))
                    && id.group().equals("rbac.authorization.k8s.io")) {
                List<Object> subjects = Trees.list(r.object().get("subjects"));
                for (Object s : subjects == null ? List.of() : subjects) {
                    Map<String, Object> subject = Trees.map(s);
                    if (subject != null && "default".equals(subject.get("name"))) {
                        subject.put("namespace", namespace);
                    }
                }
            }
        }
        m.checkUnique("namespace transformation");
    }
}
