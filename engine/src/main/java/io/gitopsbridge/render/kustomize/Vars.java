package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * kustomize's {@code vars}: each names a field of one object (found by any id it had where the var is declared); at
 * the end of the build, {@code $(NAME)} in the varReference fields becomes that field's final value ({@code $$} for a
 * literal {@code $}; unknown names stay as written).
 */
final class Vars {
    record Var(String name, ResId objref, String fieldPath, String where) {}

    private static final Set<String> VAR_KEYS = Set.of("name", "objref", "fieldref");
    private static final Set<String> OBJREF_KEYS = Set.of("kind", "name", "namespace", "apiVersion", "group", "version");

    private final List<Var> vars = new ArrayList<>();
    /** The object each var reads, by var name. */
    private final Map<String, Resource> sources = new LinkedHashMap<>();

    /** The vars of a kustomization, bound to the objects they name among {@code m}. */
    void declare(Kustomization k, ResMap m) {
        List<Map<String, Object>> entries = k.maps("vars");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String where = k.at("vars") + "[" + i + "]";
            k.checkKeys(e, where, VAR_KEYS);
            Map<String, Object> ref = Trees.map(e.get("objref"));
            if (e.get("name") == null || ref == null) {
                throw new RenderException(where + ": a var needs a name and an objref");
            }
            k.checkKeys(ref, where + ".objref", OBJREF_KEYS);
            String apiVersion = ref.get("apiVersion") == null ? null : ref.get("apiVersion").toString();
            String group = FieldSpec.str(ref.get("group"));
            String version = FieldSpec.str(ref.get("version"));
            if (apiVersion != null) {
                int slash = apiVersion.indexOf('/');
                group = slash < 0 ? "" : apiVersion.substring(0, slash);
                version = slash < 0 ? apiVersion : apiVersion.substring(slash + 1);
            }
            Map<String, Object> fieldref = Trees.map(e.get("fieldref"));
            String fieldPath = fieldref == null || fieldref.get("fieldpath") == null ? "metadata.name" : fieldref.get("fieldpath").toString();
            ResId id = new ResId(group, version, FieldSpec.str(ref.get("kind")), FieldSpec.str(ref.get("name")), FieldSpec.str(ref.get("namespace")));
            Var v = new Var(e.get("name").toString(), id, fieldPath, where);
            List<Resource> matched = m.matching(r -> refersTo(r, id));
            if (matched.size() > 1) {
                throw new RenderException(where + ": found " + matched.size() + " resId matches for var " + v.name()
                        + " (unable to disambiguate)");
            }
            add(v, matched.isEmpty() ? null : matched.get(0));
        }
    }

    private static boolean refersTo(Resource r, ResId ref) {
        for (ResId id : r.ids()) {
            if (id.kind().equals(ref.kind()) && id.name().equals(ref.name())
                    && (ref.group().isEmpty() || ref.group().equals(id.group()))
                    && (ref.version().isEmpty() || ref.version().equals(id.version()))
                    && (ref.namespace().isEmpty() || ref.namespace().equals(id.namespace()))) {
                return true;
            }
        }
        return false;
    }

    private void add(Var v, Resource source) {
        for (Var existing : vars) {
            if (existing.name().equals(v.name())) {
                throw new RenderException(v.where() + ": var '" + v.name() + "' already encountered");
            }
        }
        vars.add(v);
        if (source != null) {
            sources.put(v.name(), source);
        }
    }

    /** The vars of an included kustomization. */
    void merge(Vars other) {
        for (Var v : other.vars) {
            add(v, other.sources.get(v.name()));
        }
    }

    /** Replaces {@code $(NAME)} in every varReference field of {@code m} by the var's final value. */
    void resolve(ResMap m, List<FieldSpec> references) {
        if (vars.isEmpty()) {
            return;
        }
        Map<String, Object> values = new LinkedHashMap<>();
        for (Var v : vars) {
            Resource bound = sources.get(v.name());
            // A generator's merge or replace puts a new object in the bound one's place, with its history.
            Resource source = bound == null ? null : m.all().contains(bound) ? bound
                    : m.matching(r -> r.hasId(bound.originalId(), false)).stream().findFirst().orElse(null);
            if (source == null) {
                throw new RenderException(v.where() + ": var '" + v.name() + "' cannot be mapped to a field in the set of known"
                        + " resources");
            }
            Object value = FieldPaths.get(source.object(), v.fieldPath());
            if (value == null || value instanceof Map<?, ?> || value instanceof List<?>) {
                throw new RenderException(v.where() + ": field specified in var '" + v.name() + "' (" + v.fieldPath()
                        + ") not found in corresponding resource, or not a scalar");
            }
            values.put(v.name(), value);
        }
        for (Resource r : m.all()) {
            for (FieldSpec fs : references) {
                if (fs.selects(r.id())) {
                    fs.visit(r.object(), f -> f.set(expandValue(f.value(), values)));
                }
            }
        }
    }

    private static Object expandValue(Object value, Map<String, Object> values) {
        if (value instanceof String s) {
            return expand(s, values);
        }
        if (value instanceof List<?> l) {
            List<Object> out = new ArrayList<>();
            for (Object o : l) {
                out.add(o instanceof String s ? expand(s, values) : o);
            }
            return out;
        }
        Map<String, Object> map = Trees.map(value);
        if (map != null) {
            map.replaceAll((k, v) -> v instanceof String s ? expand(s, values) : v);
        }
        return value;
    }

    /** Kubernetes' $(VAR) expansion; a value that is exactly one reference keeps the var's type (a port stays a number). */
    static Object expand(String s, Map<String, Object> values) {
        if (s.startsWith("$(") && s.endsWith(")") && s.indexOf(')') == s.length() - 1 && values.containsKey(s.substring(2, s.length() - 1))) {
            return values.get(s.substring(2, s.length() - 1));
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length()) {
                char next = s.charAt(i + 1);
                if (next == '$') {
                    out.append('$');
                    i++;
                    continue;
                }
                int close = s.indexOf(')', i + 2);
                if (next == '(' && close > 0) {
                    String name = s.substring(i + 2, close);
                    out.append(values.containsKey(name) ? String.valueOf(values.get(name)) : "$(" + name + ")");
                    i = close;
                    continue;
                }
            }
            out.append(c);
        }
        return out.toString();
    }

}
