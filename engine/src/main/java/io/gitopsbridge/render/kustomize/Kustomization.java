package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A kustomization file read as kustomize reads it: field names matched without regard to case (Go's JSON decoding),
 * every field either implemented or refused with file, field and line, {@code bases} appended to {@code resources}.
 */
final class Kustomization {
    static final String API_VERSION = "kustomize.config.k8s.io/v1beta1";
    static final String COMPONENT_API_VERSION = "kustomize.config.k8s.io/v1alpha1";
    /** Every field of kustomize's Kustomization type; those not implemented are refused by name. */
    private static final List<String> FIELDS = List.of("apiVersion", "kind", "metadata", "openapi", "namePrefix", "nameSuffix",
            "namespace", "commonLabels", "labels", "commonAnnotations", "patchesStrategicMerge", "patchesJson6902", "patches",
            "images", "imageTags", "replacements", "replicas", "vars", "sortOptions", "resources", "components", "crds", "bases",
            "configMapGenerator", "secretGenerator", "helmGlobals", "helmCharts", "helmChartInflationGenerator",
            "generatorOptions", "configurations", "generators", "transformers", "validators", "buildMetadata");
    static final Set<String> NOT_IMPLEMENTED = Set.of("imageTags", "helmGlobals",
            "helmCharts", "helmChartInflationGenerator", "validators");

    final String file;
    final String dir;
    final boolean component;
    private final Map<String, Object> fields = new LinkedHashMap<>();
    private final Map<String, Integer> lines = new LinkedHashMap<>();

    Kustomization(String file, String dir, YamlNode doc) {
        this.file = file;
        this.dir = dir;
        if (!doc.isMap()) {
            throw new RenderException(file + ": a kustomization must be a mapping");
        }
        for (var e : doc.map().entrySet()) {
            String name = canonical(e.getKey());
            if (name == null) {
                throw new RenderException(file + ":" + e.getValue().line() + ": invalid Kustomization: json: unknown field \""
                        + e.getKey() + "\"");
            }
            if (fields.containsKey(name)) {
                throw new RenderException(file + ":" + e.getValue().line() + ": '" + e.getKey() + "' given twice");
            }
            fields.put(name, e.getValue().plain());
            lines.put(name, e.getValue().line());
        }
        String kind = string("kind");
        String apiVersion = string("apiVersion");
        component = "Component".equals(kind);
        if (kind != null && !kind.equals("Kustomization") && !component) {
            throw new RenderException(file + ": kind '" + kind + "' is not Kustomization or Component");
        }
        if (apiVersion != null && !apiVersion.equals(component ? COMPONENT_API_VERSION : API_VERSION)) {
            throw new RenderException(file + ":" + lines.get("apiVersion") + ": apiVersion for " + (component ? "Component" : "Kustomization")
                    + " should be " + (component ? COMPONENT_API_VERSION : API_VERSION) + ", not " + apiVersion);
        }
        for (String name : fields.keySet()) {
            if (NOT_IMPLEMENTED.contains(name)) {
                throw new UnsupportedFieldException(at(name) + ": '" + name + "' is not supported by GitOps Bridge's Kustomize yet"
                        + (name.startsWith("helm") ? " (Argo CD, too, builds it only with --enable-helm in its kustomize build"
                        + " options); render the chart as a Helm source instead" : ""));
            }
        }
    }

    private static String canonical(String key) {
        for (String f : FIELDS) {
            if (f.toLowerCase(Locale.ROOT).equals(key.toLowerCase(Locale.ROOT))) {
                return f;
            }
        }
        return null;
    }

    /** {@code file:line: field} for messages. */
    String at(String field) {
        Integer line = lines.get(field);
        return file + (line == null || line == 0 ? "" : ":" + line) + ": " + field;
    }

    boolean has(String field) {
        return fields.containsKey(field);
    }

    Object get(String field) {
        return fields.get(field);
    }

    String string(String field) {
        Object v = fields.get(field);
        if (v instanceof Map<?, ?> || v instanceof List<?>) {
            throw new RenderException(at(field) + " must be a string");
        }
        return v == null ? null : v.toString();
    }

    /** The list a field holds: empty when the field is absent, an error when it holds something else. */
    private List<Object> list(String field) {
        Object v = fields.get(field);
        if (v == null) {
            return List.of();
        }
        List<Object> l = Trees.list(v);
        if (l == null) {
            throw new RenderException(at(field) + " must be a list");
        }
        return l;
    }

    List<String> strings(String field) {
        List<Object> l = list(field);
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (o instanceof Map<?, ?> || o instanceof List<?>) {
                throw new RenderException(at(field) + ": entries must be strings");
            }
            out.add(String.valueOf(o));
        }
        return out;
    }

    List<Map<String, Object>> maps(String field) {
        List<Object> l = list(field);
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < l.size(); i++) {
            Map<String, Object> m = Trees.map(l.get(i));
            if (m == null) {
                throw new RenderException(at(field) + "[" + i + "] must be a mapping");
            }
            out.add(m);
        }
        return out;
    }

    Map<String, Object> map(String field) {
        Object v = fields.get(field);
        if (v != null && Trees.map(v) == null) {
            throw new RenderException(at(field) + " must be a mapping");
        }
        return Trees.map(v);
    }

    /** Checks an entry's keys against what is implemented; others are refused by name. */
    void checkKeys(Map<String, Object> entry, String where, Set<String> implemented) {
        if (entry == null) {
            throw new RenderException(where + " must be a mapping");
        }
        for (String key : entry.keySet()) {
            if (!implemented.contains(key)) {
                throw new UnsupportedFieldException(where + ": '" + key + "' is not supported (supported: "
                        + String.join(", ", new TreeSet<>(implemented)) + ")");
            }
        }
    }
}
