package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Fixes references after the build renamed objects, as kustomize's name reference transformer does once at the end:
 * a field that names an object by a name it had (base name, before a prefix, suffix or hash) gets its final name; a
 * subject or service reference ({@code name} and {@code namespace}) gets its final namespace too.
 */
final class NameReferenceTransformer {
    private final List<TransformerConfig.BackReference> references;

    NameReferenceTransformer(List<TransformerConfig.BackReference> references) {
        this.references = references;
    }

    void transform(ResMap m) {
        for (Resource referrer : m.all()) {
            ResId id = referrer.id();
            for (TransformerConfig.BackReference ref : references) {
                List<Resource> candidates = m.matching(c -> ref.refersTo(c.id()));
                if (candidates.isEmpty()) {
                    continue;
                }
                for (FieldSpec fs : ref.referrers()) {
                    if (!fs.selects(id)) {
                        continue;
                    }
                    FieldSpec existing = new FieldSpec(fs.group(), fs.version(), fs.kind(), fs.path(), false);
                    existing.visit(referrer.object(), f -> update(f, ref, candidates, referrer));
                }
            }
        }
    }

    private void update(FieldSpec.Field f, TransformerConfig.BackReference ref, List<Resource> candidates, Resource referrer) {
        if (f.parent().get("kind") instanceof String kind && !kind.equals(ref.kind()) && !(f.value() instanceof Map<?, ?>)
                && !(f.value() instanceof List<?> l && !l.isEmpty() && l.get(0) instanceof Map<?, ?>)) {
            return;
        }
        Object value = f.value();
        if (value instanceof String name) {
            Resource target = referral(name, null, false, candidates, referrer);
            if (target != null) {
                f.set(target.name());
            }
        } else if (value instanceof List<?> list) {
            List<Object> out = new ArrayList<>();
            for (Object item : list) {
                if (item instanceof String name) {
                    Resource target = referral(name, null, false, candidates, referrer);
                    out.add(target == null ? name : target.name());
                } else {
                    Map<String, Object> map = Trees.map(item);
                    if (map != null) {
                        updateMap(map, ref, candidates, referrer);
                    }
                    out.add(item);
                }
            }
            f.set(out);
        } else if (Trees.map(value) != null) {
            updateMap(Trees.map(value), ref, candidates, referrer);
        }
    }

    private void updateMap(Map<String, Object> map, TransformerConfig.BackReference ref, List<Resource> candidates, Resource referrer) {
        if (map.get("kind") instanceof String kind && !kind.equals(ref.kind())) {
            return;
        }
        if (!(map.get("name") instanceof String name)) {
            return;
        }
        if (map.containsKey("namespace") && (map.get("namespace") == null || map.get("namespace").toString().isEmpty())) {
            throw new RenderException(referrer.file() + ": " + referrer.id() + ": Invalid Input: namespace is blank for resource "
                    + map.get("kind") + " " + name);
        }
        String namespace = map.get("namespace") instanceof String ns ? ns : null;
        Resource target = referral(name, namespace, true, candidates, referrer);
        if (target == null) {
            return;
        }
        map.put("name", target.name());
        if (!target.namespace().isEmpty()) {
            map.put("namespace", target.namespace());
        }
    }

    /**
     * The one object {@code name} (and {@code namespace}, if given) referred to, or null to leave the field alone.
     * Only objects that were renamed can need a fix, so only earlier names count; then kustomize's sieve: same
     * namespace as the referrer (unless either is cluster-scoped, or the referral is a ServiceAccount).
     */
    private static String kustomizeId(Resource r) {
        ResId id = r.id();
        return id.kind() + "." + id.version() + "." + (id.group().isEmpty() ? "[noGrp]" : id.group()) + "/" + id.name() + "."
                + (id.namespace().isEmpty() ? "[noNs]" : id.namespace());
    }

    private static Resource referral(String name, String namespace, boolean mapField, List<Resource> candidates,
            Resource referrer) {
        ResId self = referrer.id();
        boolean clusterReferrer = self.effectiveNamespace().isEmpty();
        List<Resource> matches = new ArrayList<>();
        for (Resource c : candidates) {
            if (!hadName(c, name, namespace)) {
                continue;
            }
            if (namespace == null && !clusterReferrer && !c.id().effectiveNamespace().isEmpty() && !c.kind().equals("ServiceAccount")
                    && !c.id().effectiveNamespace().equals(self.effectiveNamespace())) {
                continue;
            }
            matches.add(c);
        }
        if (matches.size() > 1) {
            matches = matches.stream().filter(referrer::renamedAlike).toList();
        }
        if (matches.isEmpty()) {
            return null;
        }
        boolean withNamespace = namespace != null || mapField;
        if (matches.size() > 1 && matches.stream().map(c -> withNamespace ? c.name() + "." + c.namespace() : c.name())
                .distinct().count() > 1) {
            throw new RenderException(referrer.file() + ": " + referrer.id() + ": found multiple possible referrals: "
                    + String.join(", ", matches.stream().map(NameReferenceTransformer::kustomizeId).toList()));
        }
        return matches.get(0);
    }

    private static boolean hadName(Resource c, String name, String namespace) {
        for (ResId p : c.previousIds()) {
            if (matchesName(p, name, namespace)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesName(ResId id, String name, String namespace) {
        return id.name().equals(name) && (namespace == null || Objects.equals(id.effectiveNamespace(),
                namespace.isEmpty() ? "default" : namespace) || id.effectiveNamespace().isEmpty());
    }
}
