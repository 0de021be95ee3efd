package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.yaml.YamlNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One kustomization being built (kustomize's KustTarget): resources, generators and components accumulate into a
 * resource map, then the builtin transformers run in kustomize's order.
 */
final class Target {
    /** What a build accumulates: objects, and the field specs of every kustomization included. */
    static final class Accumulator {
        final ResMap resources = new ResMap();
        final TransformerConfig config = TransformerConfig.defaults();
        final Vars vars = new Vars();
    }

    private final Loader loader;
    private final Kustomization k;
    private final Set<String> visiting;

    private Target(Loader loader, Kustomization k, Set<String> visiting) {
        this.loader = loader;
        this.k = k;
        this.visiting = visiting;
    }

    static Target load(Loader loader, String dir, Set<String> visiting) {
        String file = loader.kustomizationFile(dir);
        if (file == null) {
            throw new RenderException("unable to find one of 'kustomization.yaml', 'kustomization.yml' or 'Kustomization' in directory '"
                    + (dir.isEmpty() ? "." : dir) + "'");
        }
        List<YamlNode> docs = Loader.documents(file, loader.tree.read(file).orElseThrow(), true);
        if (docs.size() > 1) {
            throw new RenderException(file + ": a kustomization must be one YAML document, found " + docs.size());
        }
        Kustomization k = new Kustomization(file, dir, docs.isEmpty() ? YamlNode.of(file, new java.util.LinkedHashMap<>()) : docs.get(0));
        loader.chooseSchema(k);
        return new Target(loader, k, visiting);
    }

    Kustomization kustomization() {
        return k;
    }

    /** Builds this kustomization into a new accumulator. */
    Accumulator accumulate() {
        Accumulator acc = new Accumulator();
        accumulate(acc);
        return acc;
    }

    /** kustomize's accumulateTarget: resources, configurations, generators, components, transformers. */
    void accumulate(Accumulator acc) {
        if (!visiting.add(k.dir)) {
            throw new RenderException(k.file + ": cycle detected: " + String.join(" -> ", visiting) + " -> " + k.dir);
        }
        List<String> resources = new ArrayList<>(k.strings("resources"));
        resources.addAll(k.strings("bases"));
        for (String entry : resources) {
            accumulateResource(acc, entry);
        }
        for (String file : k.strings("configurations")) {
            String text = loader.read(k.dir, file, k.at("configurations"));
            for (YamlNode doc : Loader.documents(SourceTree.join(k.dir, file), text)) {
                acc.config.mergeCustom(TransformerConfig.parse(doc.plain(), SourceTree.join(k.dir, file)));
            }
        }
        for (String file : k.strings("crds")) {
            String text = loader.read(k.dir, file, k.at("crds"));
            for (YamlNode doc : Loader.documents(SourceTree.join(k.dir, file), text)) {
                acc.config.merge(CrdConfig.of(doc.plain(), SourceTree.join(k.dir, file)));
            }
        }
        new ConfigMapSecretGenerator(loader, k).generate(acc.resources);
        new Plugins(loader, k, visiting).generate(acc);
        for (String entry : k.strings("components")) {
            accumulateComponent(acc, entry);
        }
        transform(acc);
        acc.vars.declare(k, acc.resources);
        visiting.remove(k.dir);
    }

    private void accumulateResource(Accumulator acc, String entry) {
        String where = k.at("resources");
        if (entry.contains("://") || entry.startsWith("git@") || entry.startsWith("github.com/")) {
            throw new UnsupportedFieldException(where + ": remote resource '" + entry + "' is not supported; vendor it into the repository");
        }
        String path = SourceTree.join(k.dir, entry);
        if (loader.tree.isDirectory(path)) {
            Target sub = load(loader, path, visiting);
            if (sub.k.component) {
                throw new RenderException(where + ": '" + entry + "': expected kind 'Kustomization' for path '" + path
                        + "' but got 'Component'");
            }
            Accumulator subAcc = sub.accumulate();
            acc.resources.addAll(subAcc.resources, where);
            acc.config.merge(subAcc.config);
            acc.vars.merge(subAcc.vars);
            return;
        }
        String text = loader.read(k.dir, entry, where);
        for (Resource r : Loader.objects(path, text)) {
            acc.resources.add(r, where);
        }
    }

    private void accumulateComponent(Accumulator acc, String entry) {
        String where = k.at("components");
        String path = SourceTree.join(k.dir, entry);
        if (!loader.tree.isDirectory(path)) {
            throw new RenderException(where + ": '" + entry + "' must be a directory holding a kustomization of kind Component");
        }
        Target sub = load(loader, path, visiting);
        if (!sub.k.component) {
            throw new RenderException(where + ": '" + entry + "': expected kind 'Component' for path '" + path
                    + "' but got 'Kustomization'");
        }
        sub.accumulate(acc);
    }

    private void transform(Accumulator acc) {
        ResMap m = acc.resources;
        PatchTransformer patches = new PatchTransformer(loader, k);
        patches.strategicMergeFiles(m);
        record(m, "patchesStrategicMerge", "PatchStrategicMergeTransformer", false);
        patches.patches(m);
        record(m, "patches", "PatchTransformer", true);
        new NamespaceTransformer(k.string("namespace"), acc.config.get("namespace")).transform(m);
        record(m, "namespace", "NamespaceTransformer", false);
        new PrefixSuffixTransformer(k.string("namePrefix"), k.string("nameSuffix"), acc.config).transform(m);
        record(m, "namePrefix", "PrefixTransformer", false);
        record(m, "nameSuffix", "SuffixTransformer", false);
        MapEntriesTransformer.fromKustomization(k, acc.config).forEach(t -> t.transform(m));
        record(m, "commonLabels", "LabelTransformer", false);
        record(m, "labels", "LabelTransformer", true);
        record(m, "commonAnnotations", "AnnotationsTransformer", false);
        patches.json6902(m);
        record(m, "patchesJson6902", "PatchJson6902Transformer", true);
        new ReplicaCountTransformer(k, acc.config.get("replicas")).transform(m);
        record(m, "replicas", "ReplicaCountTransformer", true);
        new ImageTagTransformer(k, acc.config.get("images")).transform(m);
        record(m, "images", "ImageTagTransformer", true);
        new ReplacementTransformer(loader, k, new ArrayList<>(k.maps("replacements"))).transform(m);
        record(m, "replacements", "ReplacementTransformer", false);
        new Plugins(loader, k, visiting).transform(acc);
    }

    /** Notes that a field's builtin transformer ran (once per entry for list fields kustomize runs entry by entry). */
    private void record(ResMap m, String field, String kind, boolean perEntry) {
        if (!k.has(field) || k.get(field) == null) {
            return;
        }
        int times = perEntry && Trees.list(k.get(field)) != null ? Trees.list(k.get(field)).size() : 1;
        for (int i = 0; i < times; i++) {
            record(m, Origin.builtin(k.file, kind));
        }
    }

    /** kustomize's AddTransformerAnnotation: the first origin of an object without one, else one more transformation. */
    static void record(ResMap m, Origin transformer) {
        for (Resource r : m.all()) {
            if (r.origin == null) {
                r.origin = transformer;
            } else {
                r.transformations.add(transformer);
            }
        }
    }

    /** The objects of a finished top-level build: hash suffixes, then references fixed to the final names. */
    static void finish(Accumulator acc) {
        for (Resource r : acc.resources.all()) {
            if (r.hashSuffix) {
                r.storePreviousId();
                r.setName(r.name() + "-" + Hash.of(r.object()));
            }
        }
        new NameReferenceTransformer(acc.config.nameReference).transform(acc.resources);
        acc.vars.resolve(acc.resources, acc.config.get("varReference"));
        for (Resource r : new ArrayList<>(acc.resources.all())) {
            if ("true".equals(r.annotations().get("config.kubernetes.io/local-config"))) {
                acc.resources.remove(r);
            }
        }
    }

    static Set<String> newVisiting() {
        return new LinkedHashSet<>();
    }
}
