package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.merge.StrategicMerge;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * kustomize's three patch transformers: {@code patchesStrategicMerge} (each patch finds its object by any id it has
 * had), {@code patches} (strategic merge or JSON 6902, by target selector or by the patch's own id, with
 * {@code allowNameChange}/{@code allowKindChange}), and {@code patchesJson6902}.
 */
final class PatchTransformer {
    private static final Set<String> PATCH_KEYS = Set.of("path", "patch", "target", "options");
    private static final Set<String> OPTION_KEYS = Set.of("allowNameChange", "allowKindChange");
    private static final Set<String> JSON6902_KEYS = Set.of("path", "patch", "target");

    private final Loader loader;
    private final Kustomization k;

    PatchTransformer(Loader loader, Kustomization k) {
        this.loader = loader;
        this.k = k;
    }

    void strategicMergeFiles(ResMap m) {
        if (k.has("patchesStrategicMerge") && k.get("patchesStrategicMerge") == null) {
            return;
        }
        for (String entry : k.strings("patchesStrategicMerge")) {
            String where = k.at("patchesStrategicMerge");
            boolean file = !entry.contains("\n") && loader.isFile(k.dir, entry);
            String text = file ? loader.read(k.dir, entry, where) : entry;
            String label = file ? SourceTree.join(k.dir, entry) : where;
            if (!file && !entry.contains("\n") && !entry.contains(":")) {
                throw new RenderException(where + ": '" + entry + "' does not exist");
            }
            List<Map<String, Object>> docs = strategicPatches(label, Loader.documents(label, text));
            if (docs.isEmpty()) {
                throw new RenderException(label + ": patch appears to be empty; is this a kustomization file?");
            }
            for (Map<String, Object> patch : docs) {
                applyById(m, patch, false, false, label);
            }
        }
    }

    void patches(ResMap m) {
        List<Map<String, Object>> entries = k.maps("patches");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String where = k.at("patches") + "[" + i + "]";
            k.checkKeys(e, where, PATCH_KEYS);
            Map<String, Object> options = Trees.map(e.get("options"));
            if (options != null) {
                k.checkKeys(options, where + ".options", OPTION_KEYS);
            }
            boolean allowName = options != null && Boolean.TRUE.equals(options.get("allowNameChange"));
            boolean allowKind = options != null && Boolean.TRUE.equals(options.get("allowKindChange"));
            Patch p = read(e, where);
            String label = p.label();
            Selector target = e.get("target") == null ? null : Selector.of(Trees.map(e.get("target")), where + ".target", k);
            Object parsed = p.single();
            if (JsonPatch.isOperationList(parsed)) {
                if (target == null) {
                    throw new RenderException(where + ": must specify a target for JSON patch " + p.text().strip());
                }
                for (Resource r : target.select(m)) {
                    applyJson(r, Trees.list(parsed), label);
                }
                continue;
            }
            List<Map<String, Object>> docs = strategicPatches(label, p.docs());
            if (target == null) {
                for (Map<String, Object> patch : docs) {
                    applyById(m, patch, allowName, allowKind, label);
                }
                continue;
            }
            for (Resource r : target.select(m)) {
                for (Map<String, Object> patch : docs) {
                    applyStrategic(m, r, patch, allowName, allowKind, label);
                }
            }
        }
    }

    void json6902(ResMap m) {
        List<Map<String, Object>> entries = k.maps("patchesJson6902");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String where = k.at("patchesJson6902") + "[" + i + "]";
            k.checkKeys(e, where, JSON6902_KEYS);
            if (e.get("target") == null) {
                throw new RenderException(where + ": must specify a target");
            }
            Patch p = read(e, where);
            Object parsed = p.single();
            if (!JsonPatch.isOperationList(parsed)) {
                throw new RenderException(p.label() + ": not a list of JSON 6902 operations");
            }
            for (Resource r : Selector.of(Trees.map(e.get("target")), where + ".target", k).select(m)) {
                applyJson(r, Trees.list(parsed), p.label());
            }
        }
    }

    private static String text(Object value, String where) {
        if (!(value instanceof String s)) {
            throw new RenderException(where + " must be a string");
        }
        return s;
    }

    /** A patch entry's text (inline {@code patch} or file {@code path}, exactly one), parsed once. */
    private record Patch(String label, String text, List<YamlNode> docs) {
        Object single() {
            return docs.size() == 1 ? docs.get(0).plain() : null;
        }
    }

    private Patch read(Map<String, Object> e, String where) {
        if ((e.get("patch") == null) == (e.get("path") == null)) {
            throw new RenderException(where + ": must specify one and only one of patch and path");
        }
        String label = e.get("path") != null ? SourceTree.join(k.dir, e.get("path").toString()) : where;
        String text = e.get("patch") != null ? text(e.get("patch"), where + ".patch")
                : loader.read(k.dir, text(e.get("path"), where + ".path"), where);
        return new Patch(label, text, Loader.documents(label, text));
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> strategicPatches(String label, List<YamlNode> docs) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (YamlNode doc : docs) {
            if (!doc.isMap()) {
                throw new RenderException(label + ":" + doc.line() + ": a strategic merge patch must be a mapping");
            }
            out.add((Map<String, Object>) doc.plain());
        }
        return out;
    }

    private static ResId patchId(Map<String, Object> patch, String label) {
        ResId id = ResId.of(patch);
        if (id.kind().isEmpty() || id.name().isEmpty()) {
            throw new RenderException(label + ": a strategic merge patch without a target needs kind and metadata.name");
        }
        return id;
    }

    private void applyById(ResMap m, Map<String, Object> patch, boolean allowName, boolean allowKind, String label) {
        ResId id = patchId(patch, label);
        // A patch names its object's group and version exactly; one without apiVersion matches any.
        List<Resource> targets = m.byAnyId(id, patch.get("apiVersion") == null);
        if (targets.isEmpty()) {
            throw new RenderException(label + ": no matches for Id " + id + "; failed to find unique target for patch " + id);
        }
        if (targets.size() > 1) {
            throw new RenderException(label + ": multiple matches for Id " + id + ": " + targets
                    + "; failed to find unique target for patch " + id);
        }
        applyStrategic(m, targets.get(0), patch, allowName, allowKind, label);
    }

    private void applyStrategic(ResMap m, Resource r, Map<String, Object> patch, boolean allowName, boolean allowKind,
            String label) {
        ResId before = r.id();
        if (allowName || allowKind) {
            r.storePreviousId();
        }
        boolean kept;
        try {
            kept = StrategicMerge.apply(r.object(), io.gitopsbridge.yaml.Trees.copy(patch),
                    loader.keys(before));
        } catch (StrategicMerge.PatchException e) {
            throw new RenderException(label + ": " + e.getMessage());
        }
        if (!kept || r.object().isEmpty()) {
            m.remove(r);
            return;
        }
        if (!allowKind) {
            r.object().put("kind", before.kind());
        }
        if (!allowName) {
            r.setName(before.name());
        }
        r.setNamespace(before.namespace());
        if (!Objects.equals(ResId.of(r.object()).group(), before.group()) && !allowKind) {
            r.object().put("apiVersion", before.group().isEmpty() ? before.version() : before.group() + "/" + before.version());
        }
    }

    private static void applyJson(Resource r, List<Object> ops, String label) {
        ResId before = r.id();
        Map<String, Object> result = JsonPatch.apply(r.object(), io.gitopsbridge.yaml.Trees.copy(ops), label);
        if (result == null) {
            throw new RenderException(label + ": the JSON patch replaces " + before + " with something that is not an object");
        }
        if (result != r.object()) {
            r.object().clear();
            if (result != null) {
                r.object().putAll(result);
            }
        }
        if (!before.matches(r.id())) {
            r.previousIds().add(before);
        }
    }
}
