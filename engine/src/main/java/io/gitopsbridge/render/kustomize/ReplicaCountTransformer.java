package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** {@code replicas:}: the replica count of objects with that name (now or before a rename), at the field specs. */
final class ReplicaCountTransformer {
    private final Kustomization k;
    private final List<FieldSpec> specs;

    ReplicaCountTransformer(Kustomization k, List<FieldSpec> specs) {
        this.k = k;
        this.specs = specs;
    }

    void transform(ResMap m) {
        List<Map<String, Object>> entries = k.maps("replicas");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String where = k.at("replicas") + "[" + i + "]";
            k.checkKeys(e, where, Set.of("name", "count"));
            if (e.get("name") == null || !(e.get("count") instanceof Number count)) {
                throw new RenderException(where + ": needs a name and a numeric count");
            }
            String name = e.get("name").toString();
            for (Resource r : m.matching(r -> r.ids().stream().anyMatch(id -> id.name().equals(name)))) {
                for (FieldSpec fs : specs) {
                    if (fs.selects(r.id())) {
                        fs.visit(r.object(), f -> f.set(count));
                    }
                }
            }
        }
    }
}
