package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * {@code configMapGenerator} and {@code secretGenerator}: objects from literals, files and env files, with
 * {@code generatorOptions}, and {@code behavior: merge|replace} against an object of an included kustomization.
 */
final class ConfigMapSecretGenerator {
    private static final Set<String> ENTRY_KEYS = Set.of("name", "namespace", "behavior", "files", "literals", "envs", "env",
            "options", "type");
    private static final Set<String> OPTION_KEYS = Set.of("labels", "annotations", "disableNameSuffixHash", "immutable");
    private static final Pattern KEY = Pattern.compile("[-._a-zA-Z0-9]+");
    private static final Pattern ENV_NAME = Pattern.compile("[-._a-zA-Z][-._a-zA-Z0-9]*");

    private final Loader loader;
    private final Kustomization k;
    private final Origin origin;

    ConfigMapSecretGenerator(Loader loader, Kustomization k) {
        this(loader, k, null);
    }

    /** @param origin the plugin config that asks for the objects, or null for the kustomization's own fields */
    ConfigMapSecretGenerator(Loader loader, Kustomization k, Origin origin) {
        this.loader = loader;
        this.k = k;
        this.origin = origin;
    }

    void generate(ResMap m) {
        Map<String, Object> global = k.map("generatorOptions");
        if (global != null) {
            k.checkKeys(global, k.at("generatorOptions"), OPTION_KEYS);
        }
        generate(m, "configMapGenerator", false, global);
        generate(m, "secretGenerator", true, global);
    }

    private void generate(ResMap m, String field, boolean secret, Map<String, Object> global) {
        List<Map<String, Object>> entries = k.maps(field);
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String at = k.at(field) + "[" + i + "]";
            k.checkKeys(e, at, ENTRY_KEYS);
            if (e.get("name") == null) {
                throw new RenderException(at + ": a generator needs a name");
            }
            if (!secret && e.containsKey("type")) {
                throw new UnsupportedFieldException(at + ": 'type' is for secretGenerator only");
            }
            Map<String, Object> options = Trees.map(e.get("options"));
            if (options != null) {
                k.checkKeys(options, at + ".options", OPTION_KEYS);
            }
            Resource r = new Resource(object(e, secret, at, global, options), k.file);
            r.origin = origin != null ? origin : Origin.builtin(k.file, secret ? "SecretGenerator" : "ConfigMapGenerator");
            String behavior = e.get("behavior") == null ? "create" : e.get("behavior").toString();
            if (!Set.of("create", "merge", "replace").contains(behavior)) {
                throw new RenderException(at + ": behavior must be create, merge or replace, not '" + behavior + "'");
            }
            r.behavior = behavior;
            r.hashSuffix = !Boolean.TRUE.equals(option(global, options, "disableNameSuffixHash"));
            appendReplaceOrMerge(m, r, at);
        }
    }

    private static Object option(Map<String, Object> global, Map<String, Object> entry, String key) {
        if (entry != null && entry.get(key) != null) {
            return entry.get(key);
        }
        return global == null ? null : global.get(key);
    }

    private Map<String, Object> object(Map<String, Object> e, boolean secret, String at, Map<String, Object> global,
            Map<String, Object> options) {
        Map<String, Object> object = new LinkedHashMap<>();
        object.put("apiVersion", "v1");
        object.put("kind", secret ? "Secret" : "ConfigMap");
        Map<String, Object> meta = Trees.mapAt(object, "metadata");
        meta.put("name", e.get("name").toString());
        if (e.get("namespace") != null && !e.get("namespace").toString().isEmpty()) {
            meta.put("namespace", e.get("namespace").toString());
        }
        Map<String, Object> labels = new LinkedHashMap<>();
        Map<String, Object> annotations = new LinkedHashMap<>();
        for (Map<String, Object> o : new java.util.ArrayList<>(java.util.Arrays.asList(global, options))) {
            if (o != null) {
                putStrings(labels, o.get("labels"), at);
                putStrings(annotations, o.get("annotations"), at);
            }
        }
        if (!labels.isEmpty()) {
            meta.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            meta.put("annotations", annotations);
        }
        if (secret) {
            object.put("type", e.get("type") == null ? "Opaque" : e.get("type").toString());
        }
        Map<String, Object> data = new TreeMap<>();
        Map<String, Object> binary = new TreeMap<>();
        for (String literal : strings(e, "literals", at)) {
            int eq = literal.indexOf('=');
            if (eq < 0) {
                throw new RenderException(at + ": invalid literal source " + literal + ", expected key=value");
            }
            put(data, binary, literal.substring(0, eq), unquote(literal.substring(eq + 1)).getBytes(StandardCharsets.UTF_8),
                    secret, at);
        }
        for (String f : strings(e, "files", at)) {
            int eq = f.indexOf('=');
            String path = eq >= 0 ? f.substring(eq + 1) : f;
            String key = eq >= 0 ? f.substring(0, eq) : path.substring(path.lastIndexOf('/') + 1);
            if (eq == 0) {
                throw new RenderException(at + ": file source '" + f + "' has an empty key");
            }
            loader.path(k.dir, path, at);
            byte[] bytes = loader.tree.readBytes(io.gitopsbridge.render.SourceTree.join(k.dir, path))
                    .orElseThrow(() -> new RenderException(at + ": file '" + path + "' does not exist"));
            put(data, binary, key, bytes, secret, at);
        }
        List<String> envs = new java.util.ArrayList<>(strings(e, "envs", at));
        if (e.get("env") != null) {
            envs.add(e.get("env").toString());
        }
        for (String env : envs) {
            String text = loader.read(k.dir, env, at);
            if (text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            for (String raw : text.split("\n", -1)) {
                String line = raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw;
                line = line.stripLeading();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                int eq = line.indexOf('=');
                String key = eq < 0 ? line : line.substring(0, eq);
                if (!ENV_NAME.matcher(key).matches()) {
                    throw new RenderException(at + ": " + env + ": \"" + key + "\" is not a valid key name");
                }
                if (eq < 0) {
                    throw new UnsupportedFieldException(at + ": " + env + ": '" + key + "' has no value; values from the"
                            + " environment of the build are not supported");
                }
                put(data, binary, key, line.substring(eq + 1).getBytes(StandardCharsets.UTF_8), secret, at);
            }
        }
        if (!data.isEmpty()) {
            object.put("data", new LinkedHashMap<>(data));
        }
        if (!binary.isEmpty()) {
            object.put("binaryData", new LinkedHashMap<>(binary));
        }
        if (Boolean.TRUE.equals(option(global, options, "immutable"))) {
            object.put("immutable", true);
        }
        return object;
    }

    private static void put(Map<String, Object> data, Map<String, Object> binary, String key, byte[] value, boolean secret,
            String at) {
        if (!KEY.matcher(key).matches() || key.length() > 253) {
            throw new RenderException(at + ": \"" + key + "\" is not a valid key name for a " + (secret ? "Secret" : "ConfigMap")
                    + ": a valid key must consist of alphanumeric characters, '-', '_' or '.'");
        }
        if (data.containsKey(key) || binary.containsKey(key)) {
            throw new RenderException(at + ": " + (secret ? "secret" : "configmap") + " illegally repeats the key `" + key + "`");
        }
        String text = utf8(value);
        if (secret) {
            data.put(key, base64(value));
        } else if (text != null) {
            data.put(key, text);
        } else {
            binary.put(key, base64(value));
        }
    }

    private static String utf8(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Base64 as kustomize writes it: lines of 70 characters, each ending in a newline, once it reaches 70. */
    static String base64(byte[] value) {
        String encoded = Base64.getEncoder().encodeToString(value);
        if (encoded.length() < 70) {
            return encoded;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < encoded.length(); i += 70) {
            out.append(encoded, i, Math.min(encoded.length(), i + 70)).append('\n');
        }
        return out.toString();
    }

    private static void putStrings(Map<String, Object> into, Object from, String at) {
        Map<String, Object> m = Trees.map(from);
        if (from != null && m == null) {
            throw new RenderException(at + ": labels and annotations must be mappings");
        }
        if (m != null) {
            m.forEach((key, v) -> into.put(key, v == null ? "" : v.toString()));
        }
    }

    private static List<String> strings(Map<String, Object> e, String key, String at) {
        Object v = e.get(key);
        if (v == null) {
            return List.of();
        }
        List<Object> l = Trees.list(v);
        if (l == null) {
            throw new RenderException(at + ": " + key + " must be a list");
        }
        return l.stream().map(String::valueOf).toList();
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.charAt(0) == v.charAt(v.length() - 1) && (v.charAt(0) == '"' || v.charAt(0) == '\'')
                ? v.substring(1, v.length() - 1) : v;
    }

    /** kustomize's appendReplaceOrMerge: a generated object replaces or merges into one included earlier. */
    static void appendReplaceOrMerge(ResMap m, Resource r, String at) {
        List<Resource> matches = m.byAnyId(r.id(), false);
        if (matches.size() > 1) {
            throw new RenderException(at + ": found multiple objects " + matches + " that could accept merge of " + r.id());
        }
        if (matches.isEmpty()) {
            if (!r.behavior.equals("create")) {
                throw new RenderException(at + ": id " + r.id() + " does not exist; cannot merge or replace");
            }
            m.add(r, at);
            return;
        }
        Resource old = matches.get(0);
        if (r.behavior.equals("create")) {
            throw new RenderException(at + ": id " + r.id() + " exists; behavior must be merge or replace");
        }
        Map<String, Object> meta = r.metadata();
        Map<String, Object> labels = new LinkedHashMap<>(old.labels());
        labels.putAll(r.labels());
        Map<String, Object> annotations = new LinkedHashMap<>(old.annotations());
        annotations.putAll(r.annotations());
        meta.remove("labels");
        meta.remove("annotations");
        if (!labels.isEmpty()) {
            meta.put("labels", labels);
        }
        if (!annotations.isEmpty()) {
            meta.put("annotations", annotations);
        }
        r.setName(old.name());
        r.setNamespace(old.namespace());
        if (r.behavior.equals("merge")) {
            for (String field : List.of("data", "binaryData")) {
                Map<String, Object> merged = new LinkedHashMap<>();
                Map<String, Object> before = Trees.map(old.object().get(field));
                Map<String, Object> now = Trees.map(r.object().get(field));
                if (before != null) {
                    merged.putAll(before);
                }
                if (now != null) {
                    merged.putAll(now);
                }
                if (!merged.isEmpty()) {
                    r.object().put(field, merged);
                }
            }
        }
        r.copyHistoryFrom(old);
        if (r.behavior.equals("merge")) {
            r.origin = old.origin;
        }
        r.hashSuffix = r.hashSuffix && old.hashSuffix;
        m.replace(old, r);
    }
}
