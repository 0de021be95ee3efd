package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Builds a kustomization into objects, as {@code kustomize build} does. */
public final class Kustomize {
    private Kustomize() {}

    /** Whether a directory holds a kustomization file. */
    public static boolean isKustomization(SourceTree tree, String dir) {
        return new Loader(tree, true).kustomizationFile(dir) != null;
    }

    /**
     * @throws UnsupportedFieldException for a field this Kustomize does not implement
     * @throws RenderException naming the file and field of the first problem
     */
    public static List<Manifest> build(SourceTree tree, String dir, KustomizeOptions options) {
        Loader loader = new Loader(tree, options.rootOnly());
        Target target = Target.load(loader, dir, Target.newVisiting());
        Target.Accumulator acc = target.accumulate();
        Target.finish(acc);
        buildMetadata(target.kustomization(), acc.resources);
        List<Resource> resources = acc.resources.all();
        Map<String, Object> sort = target.kustomization().map("sortOptions");
        if (sort != null) {
            sortBy(sort, target.kustomization(), resources);
        }
        if (sort == null && options.reorder() != KustomizeOptions.Reorder.NONE) {
            LegacyOrder.sort(resources, LegacyOrder.ORDER_FIRST, LegacyOrder.ORDER_LAST);
        }
        List<Manifest> out = new ArrayList<>();
        for (Resource r : resources) {
            out.add(new Manifest(r.object(), r.file()));
        }
        return out;
    }

    private static void sortBy(Map<String, Object> sort, Kustomization k, List<Resource> resources) {
        String where = k.at("sortOptions");
        k.checkKeys(sort, where, Set.of("order", "legacySortOptions"));
        Object order = sort.get("order");
        Map<String, Object> legacy = Trees.map(sort.get("legacySortOptions"));
        if (order == null) {
            throw new RenderException(where + ": the field 'sortOptions.order' must be one of [fifo, legacy]");
        }
        switch (order.toString()) {
            case "fifo" -> {
                if (legacy != null) {
                    throw new RenderException(where + ": the field 'sortOptions.legacySortOptions' is only for order 'legacy'");
                }
            }
            case "legacy" -> {
                List<String> first = LegacyOrder.ORDER_FIRST;
                List<String> last = LegacyOrder.ORDER_LAST;
                if (legacy != null) {
                    k.checkKeys(legacy, where + ".legacySortOptions", Set.of("orderFirst", "orderLast"));
                    first = strings(legacy.get("orderFirst"));
                    last = strings(legacy.get("orderLast"));
                }
                LegacyOrder.sort(resources, first, last);
            }
            default -> throw new RenderException(where + ": the field 'sortOptions.order' must be one of [fifo, legacy], not '"
                    + order + "'");
        }
    }

    /** {@code buildMetadata} of the kustomization built: origin and transformer annotations. */
    private static void buildMetadata(Kustomization k, ResMap m) {
        List<String> options = k.strings("buildMetadata");
        for (String option : options) {
            if (!Set.of("originAnnotations", "transformerAnnotations", "managedByLabel").contains(option)) {
                throw new RenderException(k.at("buildMetadata") + ": '" + option + "' is not one of originAnnotations,"
                        + " transformerAnnotations, managedByLabel");
            }
        }
        if (options.contains("managedByLabel")) {
            throw new UnsupportedFieldException(k.at("buildMetadata") + ": managedByLabel is not supported: the label names the"
                    + " kustomize version, and GitOps Bridge is not kustomize");
        }
        for (Resource r : m.all()) {
            if (options.contains("originAnnotations") && r.origin != null) {
                Trees.mapAt(r.metadata(), "annotations").put("config.kubernetes.io/origin", r.origin.yaml(k.dir, ""));
            }
            if (options.contains("transformerAnnotations") && !r.transformations.isEmpty()) {
                Trees.mapAt(r.metadata(), "annotations").put("alpha.config.kubernetes.io/transformations",
                        Origin.transformations(r.transformations, k.dir));
            }
        }
    }

    private static List<String> strings(Object o) {
        List<Object> l = Trees.list(o);
        return l == null ? List.of() : l.stream().map(String::valueOf).toList();
    }
}
