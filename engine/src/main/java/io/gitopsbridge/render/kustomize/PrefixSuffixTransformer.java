package io.gitopsbridge.render.kustomize;

import java.util.List;

/**
 * {@code namePrefix:} and {@code nameSuffix:} on the name fields of the field specs, except for the kinds kustomize
 * never renames (CustomResourceDefinitions, APIServices, Namespaces), whose names the API fixes.
 */
final class PrefixSuffixTransformer {
    private final String prefix;
    private final String suffix;
    private final TransformerConfig config;

    PrefixSuffixTransformer(String prefix, String suffix, TransformerConfig config) {
        this.prefix = prefix == null ? "" : prefix;
        this.suffix = suffix == null ? "" : suffix;
        this.config = config;
    }

    static boolean neverRenamed(ResId id) {
        return (id.kind().equals("CustomResourceDefinition") && id.group().equals("apiextensions.k8s.io"))
                || (id.kind().equals("APIService") && id.group().equals("apiregistration.k8s.io"))
                || (id.kind().equals("Namespace") && id.group().isEmpty());
    }

    void transform(ResMap m) {
        if (prefix.isEmpty() && suffix.isEmpty()) {
            return;
        }
        for (Resource r : m.all()) {
            ResId id = r.id();
            if (neverRenamed(id)) {
                continue;
            }
            r.storePreviousId();
            r.prefixes.add(prefix);
            r.suffixes.add(suffix);
            apply(r, id, config.get("namePrefix"), prefix, "");
            apply(r, id, config.get("nameSuffix"), "", suffix);
        }
    }

    private static void apply(Resource r, ResId id, List<FieldSpec> specs, String prefix, String suffix) {
        if (prefix.isEmpty() && suffix.isEmpty()) {
            return;
        }
        java.util.Map<java.util.Map<String, Object>, java.util.Set<String>> done = new java.util.IdentityHashMap<>();
        for (FieldSpec fs : specs) {
            if (fs.selects(id)) {
                fs.visit(r.object(), f -> {
                    if (f.value() instanceof String s && done.computeIfAbsent(f.parent(), p -> new java.util.HashSet<>()).add(f.key())) {
                        f.set(prefix + s + suffix);
                    }
                });
            }
        }
    }
}
