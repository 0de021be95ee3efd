package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One object being built, with the ids it had before prefixes, suffixes, namespaces and patches changed them: patches,
 * generator merges and name references find an object by any of its ids, as kustomize's do, while the object keeps its
 * current name.
 */
final class Resource {
    private final Map<String, Object> object;
    private final String file;
    private final List<ResId> previous;
    /** A generator's {@code behavior} (create, merge, replace); null for objects read from files. */
    String behavior;
    /** Whether the name gets kustomize's content hash at the end of the build. */
    boolean hashSuffix;
    /** The name prefixes and suffixes applied, innermost first: copies of one base renamed apart tell by them. */
    final List<String> prefixes = new ArrayList<>();
    final List<String> suffixes = new ArrayList<>();
    /** Where the object came from and the transformers that ran on it (kustomize's buildMetadata). */
    Origin origin;
    final List<Origin> transformations = new ArrayList<>();

    Resource(Map<String, Object> object, String file) {
        this(object, file, new ArrayList<>());
    }

    private Resource(Map<String, Object> object, String file, List<ResId> previous) {
        this.object = object;
        this.file = file;
        this.previous = previous;
    }

    Map<String, Object> object() {
        return object;
    }

    String file() {
        return file;
    }

    ResId id() {
        return ResId.of(object);
    }

    /** The id the object was first read or generated with. */
    ResId originalId() {
        return previous.isEmpty() ? id() : previous.get(0);
    }

    /** Earlier ids, oldest first. */
    List<ResId> previousIds() {
        return previous;
    }

    /** Every id the object has had, the current one last. */
    List<ResId> ids() {
        List<ResId> all = new ArrayList<>(previous);
        all.add(id());
        return all;
    }

    /** Remembers the current id before a transformer changes it. */
    void storePreviousId() {
        previous.add(id());
    }

    void copyHistoryFrom(Resource other) {
        previous.clear();
        previous.addAll(other.previous);
        prefixes.clear();
        prefixes.addAll(other.prefixes);
        suffixes.clear();
        suffixes.addAll(other.suffixes);
    }

    /** kustomize's PrefixesSuffixesEquals: both renamed by the same outermost prefixes and suffixes. */
    boolean renamedAlike(Resource o) {
        return sameEnding(prefixes, o.prefixes) && sameEnding(suffixes, o.suffixes);
    }

    private static boolean sameEnding(List<String> a, List<String> b) {
        List<String> shortest = a.size() <= b.size() ? a : b;
        List<String> longest = a.size() <= b.size() ? b : a;
        if (shortest.isEmpty()) {
            return longest.isEmpty();
        }
        int diff = longest.size() - shortest.size();
        for (int i = 0; i < shortest.size(); i++) {
            if (!longest.get(i + diff).equals(shortest.get(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code id} is this object's current id or one it had before. */
    boolean hasId(ResId id, boolean loosely) {
        return ids().stream().anyMatch(own -> loosely ? own.matchesLoosely(id) : own.matches(id));
    }

    String kind() {
        return id().kind();
    }

    String name() {
        return id().name();
    }

    String namespace() {
        return id().namespace();
    }

    Map<String, Object> metadata() {
        return Trees.mapAt(object, "metadata");
    }

    void setName(String name) {
        metadata().put("name", name);
    }

    void setNamespace(String namespace) {
        if (namespace == null || namespace.isEmpty()) {
            metadata().remove("namespace");
        } else {
            metadata().put("namespace", namespace);
        }
    }

    Map<String, String> labels() {
        return strings(metadata().get("labels"));
    }

    Map<String, String> annotations() {
        return strings(metadata().get("annotations"));
    }

    private static Map<String, String> strings(Object o) {
        Map<String, String> out = new LinkedHashMap<>();
        Map<String, Object> m = Trees.map(o);
        if (m != null) {
            m.forEach((k, v) -> out.put(k, v == null ? "" : v.toString()));
        }
        return out;
    }

    @Override
    public String toString() {
        return id().toString();
    }
}
