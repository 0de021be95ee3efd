package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A patch or replacement target as kustomize selects one: group, version, kind, name and namespace are anchored regular
 * expressions (name and namespace matched against the original or the current value); label and annotation
 * selectors in Kubernetes' syntax.
 */
record Selector(Pattern group, Pattern version, Pattern kind, Pattern name, Pattern namespace, String labelSelector,
        String annotationSelector) {
    static final Set<String> KEYS = Set.of("group", "version", "kind", "name", "namespace", "labelSelector", "annotationSelector");

    static Selector of(Map<String, Object> m, String where, Kustomization k) {
        k.checkKeys(m, where, KEYS);
        return new Selector(regex(m.get("group"), where), regex(m.get("version"), where), regex(m.get("kind"), where),
                regex(m.get("name"), where),
                regex(m.get("namespace"), where), m.get("labelSelector") == null ? null : m.get("labelSelector").toString(),
                m.get("annotationSelector") == null ? null : m.get("annotationSelector").toString());
    }

    private static Pattern regex(Object o, String where) {
        if (o == null || o.toString().isEmpty()) {
            return null;
        }
        try {
            return Pattern.compile("^(?:" + o + ")$");
        } catch (PatternSyntaxException e) {
            throw new RenderException(where + ": '" + o + "' is not a regular expression: " + e.getDescription());
        }
    }

    /** Whether this selects {@code id} by group, version, kind, name and namespace (not labels). */
    boolean selectsId(ResId id) {
        return (namespace == null || namespace.matcher(id.effectiveNamespace()).matches() || namespace.matcher(id.namespace()).matches())
                && (name == null || name.matcher(id.name()).matches())
                && matches(group, id.group()) && matches(version, id.version()) && matches(kind, id.kind());
    }

    private static boolean matches(Pattern p, String value) {
        return p == null || p.matcher(value).matches();
    }

    boolean selects(Resource r) {
        ResId cur = r.id();
        ResId org = r.originalId();
        if (namespace != null && !namespace.matcher(org.effectiveNamespace()).matches()
                && !namespace.matcher(cur.effectiveNamespace()).matches()) {
            return false;
        }
        if (name != null && !name.matcher(org.name()).matches() && !name.matcher(cur.name()).matches()) {
            return false;
        }
        if (!matches(group, cur.group()) || !matches(version, cur.version()) || !matches(kind, cur.kind())) {
            return false;
        }
        return matches(labelSelector, r.labels()) && matches(annotationSelector, r.annotations());
    }

    List<Resource> select(ResMap m) {
        return m.matching(this::selects);
    }

    /** Kubernetes label selector syntax: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a in (x,y)}, {@code a notin (x)}, {@code a}, {@code !a}. */
    static boolean matches(String selector, Map<String, String> values) {
        if (selector == null || selector.isBlank()) {
            return true;
        }
        for (String term : terms(selector)) {
            String t = term.trim();
            java.util.regex.Matcher set = Pattern.compile("([^\\s!=]+)\\s+(in|notin)\\s+\\((.*)\\)").matcher(t);
            if (set.matches()) {
                List<String> options = new ArrayList<>();
                for (String o : set.group(3).split(",")) {
                    options.add(o.trim());
                }
                String v = values.get(set.group(1));
                boolean in = v != null && options.contains(v);
                if (set.group(2).equals("in") != in) {
                    return false;
                }
            } else if (t.startsWith("!")) {
                if (values.containsKey(t.substring(1).trim())) {
                    return false;
                }
            } else if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                if (kv[1].trim().equals(values.get(kv[0].trim()))) {
                    return false;
                }
            } else if (t.contains("=")) {
                String[] kv = t.split("==?", 2);
                if (!kv[1].trim().equals(values.get(kv[0].trim()))) {
                    return false;
                }
            } else if (!values.containsKey(t)) {
                return false;
            }
        }
        return true;
    }

    /** Splits on commas outside parentheses. */
    private static List<String> terms(String selector) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : selector.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
