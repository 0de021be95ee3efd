package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlException;
import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Files of a build, with kustomize's load restriction: by default a kustomization reads files only in or below its own
 * directory (other kustomizations it includes have their own roots).
 */
final class Loader {
    static final List<String> FILE_NAMES = List.of("kustomization.yaml", "kustomization.yml", "Kustomization");
    final SourceTree tree;
    private final boolean rootOnly;
    /** The build's {@code openapi:} schema: the first kustomization loaded that sets one decides, as in kustomize. */
    private boolean schemaChosen;
    private OpenApiSchema schema;

    Loader(SourceTree tree, boolean rootOnly) {
        this.tree = tree;
        this.rootOnly = rootOnly;
    }

    /** Reads a kustomization's {@code openapi:} unless an outer one has chosen the schema already. */
    void chooseSchema(Kustomization k) {
        java.util.Map<String, Object> openapi = k.map("openapi");
        if (openapi == null || schemaChosen) {
            return;
        }
        k.checkKeys(openapi, k.at("openapi"), java.util.Set.of("path", "version"));
        if (openapi.get("path") != null && openapi.get("version") != null) {
            throw new RenderException(k.at("openapi") + ": builtin version and custom schema provided, cannot use both");
        }
        if (openapi.get("version") != null) {
            if (!OpenApiSchema.BUILTIN_VERSION.equals(openapi.get("version").toString())) {
                throw new RenderException(k.at("openapi") + ": the specified OpenAPI version " + openapi.get("version")
                        + " is not built in (" + OpenApiSchema.BUILTIN_VERSION + " is)");
            }
        } else if (openapi.get("path") != null) {
            String path = openapi.get("path").toString();
            if (path.contains("://")) {
                throw new UnsupportedFieldException(k.at("openapi") + ": a remote schema is not supported; vendor it");
            }
            String text = read(k.dir, path, k.at("openapi"));
            List<YamlNode> docs = documents(SourceTree.join(k.dir, path), text);
            schema = OpenApiSchema.parse(docs.isEmpty() ? null : docs.get(0).plain());
        }
        schemaChosen = true;
    }

    /** Merge keys for patches of an object: the build's schema where it defines the kind, else the defaults. */
    io.gitopsbridge.merge.StrategicMerge.Keys keys(ResId id) {
        return schema != null ? schema.keys(id) : OpenApiSchema.defaults(id);
    }

    /** The path of {@code relative} from {@code dir}, refused when the restriction forbids it. */
    String path(String dir, String relative, String where) {
        String path = SourceTree.join(dir, relative);
        if (rootOnly && !(dir.isEmpty() || path.equals(dir) || path.startsWith(dir + "/"))) {
            throw new RenderException(where + ": security; file '" + relative + "' is not in or below '"
                    + (dir.isEmpty() ? "." : dir) + "'");
        }
        return path;
    }

    String read(String dir, String relative, String where) {
        String path = path(dir, relative, where);
        return tree.read(path).orElseThrow(() -> new RenderException(where + ": '" + relative + "' does not exist"));
    }

    boolean isFile(String dir, String relative) {
        try {
            return tree.read(SourceTree.join(dir, relative)).isPresent();
        } catch (RenderException e) {
            return false;
        }
    }

    /** The kustomization file of a directory, or null. */
    String kustomizationFile(String dir) {
        String found = null;
        for (String name : FILE_NAMES) {
            String path = SourceTree.join(dir, name);
            if (tree.read(path).isPresent()) {
                if (found != null) {
                    throw new RenderException((dir.isEmpty() ? "." : dir) + ": Found multiple kustomization files");
                }
                found = path;
            }
        }
        return found;
    }

    /** The non-empty YAML documents of a text, as trees with lines. */
    static List<YamlNode> documents(String file, String text) {
        return documents(file, text, false);
    }

    static List<YamlNode> documents(String file, String text, boolean lastKeyWins) {
        try {
            return YamlFiles.documents(file, text, lastKeyWins).stream().filter(d -> !d.isNull()).toList();
        } catch (YamlException e) {
            throw new RenderException(e.getMessage(), e);
        }
    }

    /** Kubernetes objects of a file: each document a mapping with a kind; {@code List} kinds flattened. */
    static List<Resource> objects(String file, String text) {
        List<Resource> out = new ArrayList<>();
        for (YamlNode doc : documents(file, text)) {
            if (!doc.isMap()) {
                throw new RenderException(file + ":" + doc.line() + ": not a Kubernetes object (a mapping)");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> object = (Map<String, Object>) doc.plain();
            String kind = object.get("kind") == null ? null : object.get("kind").toString();
            List<Object> items = Trees.list(object.get("items"));
            if (kind != null && kind.endsWith("List") && object.containsKey("items")) {
                if (items == null && object.get("items") != null) {
                    throw new RenderException(file + ":" + doc.line() + ": items of the " + kind + " must be a list");
                }
                for (Object item : items == null ? List.of() : items) {
                    Map<String, Object> m = Trees.map(item);
                    if (m == null) {
                        throw new RenderException(file + ":" + doc.line() + ": an item of the " + kind + " is not an object");
                    }
                    out.add(checked(file, doc.line(), m));
                }
            } else {
                out.add(checked(file, doc.line(), object));
            }
        }
        return out;
    }

    private static Resource checked(String file, int line, Map<String, Object> object) {
        if (object.get("kind") == null || object.get("kind").toString().isEmpty()) {
            throw new RenderException(file + ":" + line + ": missing kind in object");
        }
        Map<String, Object> meta = Trees.map(object.get("metadata"));
        if (meta == null || meta.get("name") == null || meta.get("name").toString().isEmpty()) {
            throw new RenderException(file + ":" + line + ": missing metadata.name in " + object.get("kind"));
        }
        for (String field : List.of("name", "namespace")) {
            if (meta.get(field) != null && !(meta.get(field) instanceof String)) {
                if (meta.get(field) instanceof Map<?, ?> || meta.get(field) instanceof List<?>) {
                    throw new RenderException(file + ":" + line + ": metadata." + field + " must be a string");
                }
                meta.put(field, meta.get(field).toString());
            }
        }
        stringValues(meta, "labels");
        stringValues(meta, "annotations");
        Resource r = new Resource(object, file);
        r.origin = Origin.file(file);
        return r;
    }

    /** Label and annotation values are strings in the API; kustomize writes {@code 8080} as {@code "8080"}. */
    private static void stringValues(Map<String, Object> meta, String field) {
        Map<String, Object> m = Trees.map(meta.get(field));
        if (m != null) {
            m.replaceAll((k, v) -> v == null || v instanceof Map<?, ?> || v instanceof List<?> ? v : v.toString());
        }
    }
}
