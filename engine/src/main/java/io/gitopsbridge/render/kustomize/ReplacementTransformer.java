package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code replacements:}: a value read from one object's field (all of it, or one {@code delimiter}-separated part)
 * written into fields of the selected objects, objects matched by any id they have had; targets' fields that do
 * not exist are skipped unless {@code create}.
 */
final class ReplacementTransformer {
    private static final Set<String> KEYS = Set.of("source", "targets", "path");
    private static final Set<String> SOURCE_KEYS = Set.of("group", "version", "kind", "name", "namespace", "fieldPath", "options");
    private static final Set<String> TARGET_KEYS = Set.of("select", "reject", "fieldPaths", "options");
    private static final Set<String> SELECT_KEYS = Set.of("group", "version", "kind", "name", "namespace", "labelSelector",
            "annotationSelector");
    private static final Set<String> OPTION_KEYS = Set.of("delimiter", "index", "create");

    private final Loader loader;
    private final Kustomization k;
    private final List<Object> entries;

    ReplacementTransformer(Loader loader, Kustomization k, List<Object> entries) {
        this.loader = loader;
        this.k = k;
        this.entries = entries;
    }

    void transform(ResMap m) {
        for (int i = 0; i < entries.size(); i++) {
            String where = k.at("replacements") + "[" + i + "]";
            Map<String, Object> e = Trees.map(entries.get(i));
            if (e == null) {
                throw new RenderException(where + " must be a mapping");
            }
            k.checkKeys(e, where, KEYS);
            if (e.get("path") != null) {
                String file = SourceTree.join(k.dir, e.get("path").toString());
                for (YamlNode doc : Loader.documents(file, loader.read(k.dir, e.get("path").toString(), where))) {
                    if (doc.plain() instanceof List<?> list) {
                        for (Object item : list) {
                            apply(m, Trees.map(item), file);
                        }
                    } else {
                        apply(m, Trees.map(doc.plain()), file);
                    }
                }
            } else {
                apply(m, e, where);
            }
        }
    }

    private void apply(ResMap m, Map<String, Object> r, String where) {
        if (r == null) {
            throw new RenderException(where + ": a replacement must be a mapping");
        }
        k.checkKeys(r, where, KEYS);
        Map<String, Object> source = Trees.map(r.get("source"));
        if (source == null) {
            throw new RenderException(where + ": a replacement needs a source");
        }
        k.checkKeys(source, where + ".source", SOURCE_KEYS);
        Map<String, Object> sourceOptions = options(source.get("options"), where + ".source.options");
        Resource from = selectSource(m, source, where);
        String fieldPath = source.get("fieldPath") == null ? "metadata.name" : source.get("fieldPath").toString();
        Object value = FieldPaths.get(from.object(), fieldPath);
        if (value == null) {
            throw new RenderException(where + ": fieldPath `" + fieldPath + "` is missing for replacement source " + from.id());
        }
        if (sourceOptions.get("delimiter") != null) {
            String[] parts = value.toString().split(Pattern.quote(sourceOptions.get("delimiter").toString()), -1);
            int index = index(sourceOptions);
            if (index < 0 || index >= parts.length) {
                throw new RenderException(where + ": options.index " + index + " is out of bounds for value " + value);
            }
            value = parts[index];
        }
        if (r.get("targets") != null && Trees.list(r.get("targets")) == null) {
            throw new RenderException(where + ".targets must be a list");
        }
        List<Object> targets = Trees.list(r.get("targets"));
        for (int t = 0; targets != null && t < targets.size(); t++) {
            String at = where + ".targets[" + t + "]";
            Map<String, Object> target = Trees.map(targets.get(t));
            if (target == null) {
                throw new RenderException(at + " must be a mapping");
            }
            k.checkKeys(target, at, TARGET_KEYS);
            Map<String, Object> select = Trees.map(target.get("select"));
            if (select == null) {
                throw new RenderException(at + ": a target needs select");
            }
            Selector selector = selector(select, at + ".select");
            List<Selector> rejects = new ArrayList<>();
            if (target.get("reject") != null && Trees.list(target.get("reject")) == null) {
                throw new RenderException(at + ".reject must be a list");
            }
            List<Object> rejectList = Trees.list(target.get("reject"));
            for (int j = 0; rejectList != null && j < rejectList.size(); j++) {
                rejects.add(selector(Trees.map(rejectList.get(j)), at + ".reject[" + j + "]"));
            }
            if (target.get("fieldPaths") != null && Trees.list(target.get("fieldPaths")) == null) {
                throw new RenderException(at + ".fieldPaths must be a list");
            }
            List<Object> paths = Trees.list(target.get("fieldPaths"));
            if (paths == null || paths.isEmpty()) {
                paths = List.of("metadata.name");
            }
            for (Object p : paths) {
                if (FieldPaths.split(String.valueOf(p)).isEmpty()) {
                    throw new RenderException(at + ".fieldPaths: an empty field path");
                }
            }
            Map<String, Object> options = options(target.get("options"), at + ".options");
            for (Resource res : m.all()) {
                if (!anyIdSelected(res, selector) || rejects.stream().anyMatch(rj -> anyIdSelected(res, rj))) {
                    continue;
                }
                for (Object p : paths) {
                    set(res.object(), FieldPaths.split(p.toString()), 0, value, options, at + " " + p);
                }
            }
        }
    }

    private Map<String, Object> options(Object o, String where) {
        Map<String, Object> m = Trees.map(o);
        if (m == null) {
            return Map.of();
        }
        k.checkKeys(m, where, OPTION_KEYS);
        return m;
    }

    private static int index(Map<String, Object> options) {
        return options.get("index") instanceof Number n ? n.intValue() : 0;
    }

    private Selector selector(Map<String, Object> m, String where) {
        if (m == null) {
            throw new RenderException(where + " must be a mapping");
        }
        k.checkKeys(m, where, SELECT_KEYS);
        return Selector.of(m, where, k);
    }

    private Resource selectSource(ResMap m, Map<String, Object> source, String where) {
        Map<String, Object> sel = new LinkedHashMap<>(source);
        sel.remove("fieldPath");
        sel.remove("options");
        Selector selector = Selector.of(sel, where + ".source", k);
        List<Resource> matches = m.matching(r -> anyIdSelected(r, selector));
        if (matches.isEmpty()) {
            throw new RenderException(where + ": nothing selected by the replacement source " + sel);
        }
        if (matches.size() > 1) {
            throw new RenderException(where + ": multiple matches for the replacement source " + sel + ": " + matches);
        }
        return matches.get(0);
    }

    /** Whether the selector picks the object by its current id or one it had before. */
    private static boolean anyIdSelected(Resource r, Selector s) {
        for (ResId id : r.ids()) {
            if (s.selectsId(id) && Selector.matches(s.labelSelector(), r.labels())
                    && Selector.matches(s.annotationSelector(), r.annotations())) {
                return true;
            }
        }
        return false;
    }

    private static void set(Object node, List<String> path, int i, Object value, Map<String, Object> options, String where) {
        String part = path.get(i);
        boolean last = i == path.size() - 1;
        boolean create = Boolean.TRUE.equals(options.get("create"));
        List<Object> list = Trees.list(node);
        Map<String, Object> map = Trees.map(node);
        if (part.equals("*") && list != null) {
            for (Object item : list) {
                if (last) {
                    throw new RenderException(where + ": a wildcard cannot be the last part of a field path");
                }
                set(item, path, i + 1, value, options, where);
            }
            return;
        }
        Object child = FieldPaths.child(node, part);
        if (child == null && create && !last) {
            if (list != null && part.startsWith("[") && part.contains("=")) {
                Map<String, Object> item = new LinkedHashMap<>();
                String inner = part.substring(1, part.length() - 1);
                item.put(inner.substring(0, inner.indexOf('=')), inner.substring(inner.indexOf('=') + 1));
                list.add(item);
                child = item;
            } else if (map != null) {
                child = FieldPaths.split(path.get(i + 1)).get(0).startsWith("[") ? new ArrayList<>() : new LinkedHashMap<>();
                map.put(key(part), child);
            }
        }
        if (last) {
            int index = FieldPaths.index(part.replace("[", "").replace("]", ""));
            if (map == null && !(list != null && index >= 0 && index < list.size())) {
                return;
            }
            if (child == null && !create) {
                return;
            }
            Object newValue = Trees.copy(value);
            if (options.get("delimiter") != null) {
                String delimiter = options.get("delimiter").toString();
                List<String> parts = new ArrayList<>(List.of((child == null ? "" : child.toString()).split(Pattern.quote(delimiter), -1)));
                int at = index(options);
                if (at >= parts.size()) {
                    parts.add(String.valueOf(value));
                } else if (at < 0) {
                    parts.add(0, String.valueOf(value));
                } else {
                    parts.set(at, String.valueOf(value));
                }
                newValue = String.join(delimiter, parts);
            }
            if (map != null) {
                map.put(key(part), newValue);
            } else {
                list.set(index, newValue);
            }
            return;
        }
        if (child != null) {
            set(child, path, i + 1, value, options, where);
        }
    }

    private static String key(String part) {
        return part.startsWith("[") && part.endsWith("]") ? part.substring(1, part.length() - 1) : part;
    }
}
