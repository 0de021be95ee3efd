package io.gitopsbridge.diff;

import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.app.IgnoreDifference;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An Application's {@code ignoreDifferences}, compiled once: the fields compare leaves out of each object. */
public final class Ignores {
    public static final Ignores NONE = new Ignores(List.of(), List.of());

    private final List<IgnoreDifference> entries;
    private final List<List<FieldPath>> paths;

    private Ignores(List<IgnoreDifference> entries, List<List<FieldPath>> paths) {
        this.entries = entries;
        this.paths = paths;
    }

    /** @throws IllegalArgumentException naming the entry and the pointer or expression that cannot be read */
    public static Ignores of(List<IgnoreDifference> entries) {
        List<List<FieldPath>> paths = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IgnoreDifference e = entries.get(i);
            List<FieldPath> p = new ArrayList<>();
            try {
                for (String pointer : e.jsonPointers()) {
                    p.add(FieldPath.pointer(pointer));
                }
                for (String jq : e.jqPathExpressions()) {
                    p.add(FieldPath.jq(jq));
                }
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("spec.ignoreDifferences[" + i + "]: " + ex.getMessage(), ex);
            }
            paths.add(List.copyOf(p));
        }
        return new Ignores(List.copyOf(entries), List.copyOf(paths));
    }

    /**
     * The fields to leave out of {@code object}: the pointers and expressions of matching entries, and the fields the
     * live object's {@code managedFields} give to the entries' managers.
     */
    public List<FieldPath> pathsFor(Map<String, Object> object, Map<String, Object> live) {
        List<FieldPath> out = new ArrayList<>();
        for (int i = 0; i < entries.size(); i++) {
            IgnoreDifference e = entries.get(i);
            if (!e.matches(object)) {
                continue;
            }
            out.addAll(paths.get(i));
            if (!e.managedFieldsManagers().isEmpty() && live != null) {
                Map<String, Object> metadata = Trees.map(live.get("metadata"));
                List<Object> managed = metadata == null ? null : Trees.list(metadata.get("managedFields"));
                for (Object m : managed == null ? List.of() : managed) {
                    Map<String, Object> entry = Trees.map(m);
                    if (entry != null && e.managedFieldsManagers().contains(String.valueOf(entry.get("manager")))
                            && Trees.map(entry.get("fieldsV1")) != null) {
                        out.addAll(FieldPath.managedFields(Trees.map(entry.get("fieldsV1"))));
                    }
                }
            }
        }
        return out;
    }

    public boolean isEmpty() {
        return entries.isEmpty();
    }
}
