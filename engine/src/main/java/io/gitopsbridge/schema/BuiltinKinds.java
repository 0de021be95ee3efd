package io.gitopsbridge.schema;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The schema of the built-in kinds, for when a cluster serves no {@code /openapi/v3} (and for rendering, which has
 * no cluster): the merge metadata of the Kubernetes API types ({@code patchStrategy}/{@code patchMergeKey} tags and
 * {@code +listType}/{@code +listMapKey} markers of {@code k8s.io/api}), with the struct fields that lead to them, read
 * from {@code builtin-kinds.tsv} into OpenAPI definitions named as the API server names them.
 */
public final class BuiltinKinds {
    private static final String TABLE = "builtin-kinds.tsv";
    private static final OpenApi SCHEMA = load();

    private BuiltinKinds() {}

    /** The built-in kinds' definitions, for documents that refer to them. */
    public static OpenApi schema() {
        return SCHEMA;
    }

    /**
     * The schema of a built-in kind. A version the table does not list ({@code batch/v1beta1} CronJob, {@code apps/v1beta2},
     * {@code extensions/v1beta1}) has the listed version's: the merge metadata of these fields did not change between
     * versions, and kustomize still renders the old ones.
     */
    public static Optional<TypeSchema> of(String group, String version, String kind) {
        Optional<TypeSchema> exact = SCHEMA.of(group, version, kind);
        if (exact.isPresent()) {
            return exact;
        }
        for (String g : group.equals("extensions") ? List.of("apps", "networking.k8s.io", "policy") : List.of(group)) {
            Optional<TypeSchema> other = SCHEMA.ofAnyVersion(g, kind);
            if (other.isPresent()) {
                return other;
            }
        }
        return Optional.empty();
    }

    private static OpenApi load() {
        Map<String, Map<String, Object>> definitions = new LinkedHashMap<>();
        Map<String, List<String>> inlined = new LinkedHashMap<>();
        try (InputStream in = BuiltinKinds.class.getResourceAsStream(TABLE)) {
            if (in == null) {
                throw new IllegalStateException(TABLE + " is missing from the engine");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] cells = line.split("\t", -1);
                if (cells[0].equals("KIND") && cells.length == 4) {
                    String[] gv = cells[1].split("/", 2);
                    definition(definitions, cells[3]).computeIfAbsent("x-kubernetes-group-version-kind", k -> new ArrayList<>());
                    @SuppressWarnings("unchecked")
                    List<Object> gvks = (List<Object>) definition(definitions, cells[3]).get("x-kubernetes-group-version-kind");
                    gvks.add(Map.of("group", gv[0], "version", gv[1], "kind", cells[2]));
                } else if (cells.length == 7) {
                    if (cells[1].equals("<inline>")) {
                        inlined.computeIfAbsent(cells[0], k -> new ArrayList<>()).add(cells[2]);
                    } else {
                        properties(definition(definitions, cells[0])).put(cells[1], property(cells));
                    }
                } else {
                    throw new IllegalStateException(TABLE + ":" + number + ": expected 4 or 7 tab-separated cells");
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // An embedded struct's fields are its embedder's (json:",inline"), so they are copied in, embedded ones first.
        for (int round = 0; round < 8; round++) {
            inlined.forEach((owner, types) -> {
                for (String type : types) {
                    properties(definition(definitions, type)).forEach(properties(definition(definitions, owner))::putIfAbsent);
                }
            });
        }
        return OpenApi.of(definitions);
    }

    /** The property node of a row: a reference, a list or map of references or scalars, with its extensions. */
    private static Map<String, Object> property(String[] cells) {
        String target = cells[2];
        Map<String, Object> node = new LinkedHashMap<>();
        if (target.startsWith("[]")) {
            node.put("type", "array");
            node.put("items", reference(target.substring(2)));
        } else if (target.startsWith("map[]")) {
            node.put("type", "object");
            node.put("additionalProperties", reference(target.substring(5)));
        } else {
            node.putAll(reference(target));
        }
        put(node, "x-kubernetes-patch-strategy", cells[3]);
        put(node, "x-kubernetes-patch-merge-key", cells[4]);
        put(node, "x-kubernetes-list-type", cells[5]);
        if (!cells[6].equals("-")) {
            node.put("x-kubernetes-list-map-keys", List.of(cells[6].split(",")));
        }
        return node;
    }

    private static Map<String, Object> reference(String type) {
        return type.startsWith("io.k8s.") ? Map.of("$ref", "#/definitions/" + type) : Map.of("type", type);
    }

    private static void put(Map<String, Object> node, String key, String cell) {
        if (!cell.equals("-")) {
            node.put(key, cell);
        }
    }

    private static Map<String, Object> definition(Map<String, Map<String, Object>> definitions, String name) {
        return definitions.computeIfAbsent(name, k -> new LinkedHashMap<>());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> properties(Map<String, Object> definition) {
        return (Map<String, Object>) definition.computeIfAbsent("properties", k -> new LinkedHashMap<>());
    }
}
