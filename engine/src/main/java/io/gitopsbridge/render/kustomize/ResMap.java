package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** The objects of a build in order, unique by current id, as kustomize's resource map. */
final class ResMap {
    private final List<Resource> resources = new ArrayList<>();

    List<Resource> all() {
        return resources;
    }

    /** Adds an object; one with the same current id is an error, as in kustomize. */
    void add(Resource r, String where) {
        for (Resource existing : resources) {
            if (existing.id().matches(r.id())) {
                throw new RenderException(where + ": may not add resource with an already registered id: " + r.id()
                        + " (from " + r.file() + ", already from " + existing.file() + ")");
            }
        }
        resources.add(r);
    }

    void addAll(ResMap other, String where) {
        for (Resource r : other.resources) {
            add(r, where);
        }
    }

    List<Resource> matching(Predicate<Resource> p) {
        return resources.stream().filter(p).toList();
    }

    /** Objects whose current or earlier id is {@code id}. */
    List<Resource> byAnyId(ResId id, boolean loosely) {
        return matching(r -> r.hasId(id, loosely));
    }

    void replace(Resource old, Resource with) {
        resources.set(resources.indexOf(old), with);
    }

    void remove(Resource r) {
        resources.remove(r);
    }

    /** Fails when two objects ended with one id, as kustomize does after a transformer. */
    void checkUnique(String what) {
        for (int i = 0; i < resources.size(); i++) {
            for (int j = i + 1; j < resources.size(); j++) {
                if (resources.get(i).id().matches(resources.get(j).id())) {
                    throw new RenderException(what + " produces ID conflict: " + resources.get(i).id());
                }
            }
        }
    }
}
