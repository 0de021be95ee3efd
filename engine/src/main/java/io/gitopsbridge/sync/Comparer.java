package io.gitopsbridge.sync;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.diff.Differ;
import io.gitopsbridge.diff.Ignores;
import io.gitopsbridge.diff.ResourceDiff;
import io.gitopsbridge.health.Health;
import io.gitopsbridge.health.HealthCheck;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.kube.Metadata;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.tracking.TrackingId;
import io.gitopsbridge.yaml.Trees;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/** Works out an application's {@link Comparison}: prepares the desired objects, reads the live ones, diffs. */
final class Comparer {
    private final Resources resources;
    private final EngineSettings settings;
    private final ClusterSchemas schemas;

    Comparer(Resources resources, EngineSettings settings, ClusterSchemas schemas) {
        this.resources = resources;
        this.settings = settings;
        this.schemas = schemas;
    }

    Comparison compare(Application app, Target target, Instant now) {
        if (target.failed()) {
            return unknown(app, target.revisions(), "rendering failed: " + target.error());
        }
        Ignores ignores;
        try {
            ignores = Ignores.of(app.ignoreDifferences());
        } catch (IllegalArgumentException e) {
            return unknown(app, target.revisions(), e.getMessage());
        }
        Map<String, ResourceType> crdTypes = crdTypes(target.manifests());
        Map<ResourceKey, Prepared> desired = new LinkedHashMap<>();
        List<HookResource> hooks = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        String revision = target.revisions().isEmpty() ? "0000000" : target.revisions().get(0);
        for (Manifest m : target.manifests()) {
            try {
                prepare(app, m, crdTypes, revision, now, desired, hooks);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            return unknown(app, target.revisions(), String.join("; ", errors));
        }
        Map<ResourceKey, Map<String, Object>> live = readLive(app, desired.values(), hooks);
        Map<ResourceKey, ResourceState> states = new TreeMap<>();
        for (Prepared p : desired.values()) {
            Map<String, Object> l = live.get(p.key);
            String message = null;
            if (p.type == null && !p.typeFromSync) {
                message = "the cluster does not serve " + p.object.get("apiVersion") + " " + p.key.kind();
            } else if (l != null && !settings.tracking().owns(app.name(), l)) {
                message = settings.tracking().owner(l).map(o -> "also tracked by application '" + o + "'")
                        .orElse("exists but was not created by this application: it is neither adopted nor deleted"
                                + " (to adopt it, give it the annotation " + TrackingId.ANNOTATION + ": "
                                + TrackingId.of(app.name(), p.object).format() + ")");
            }
            ResourceDiff diff = Differ.compare(p.object, l, ignores, p.key.toString(),
                    schemas.of(p.type, String.valueOf(p.object.get("apiVersion")), p.key.kind()));
            SyncCode status = l == null || diff.modified() || message != null ? SyncCode.OUT_OF_SYNC : SyncCode.SYNCED;
            states.put(p.key, new ResourceState(p.key, p.type, p.object, l, diff, status, l == null ? null : HealthCheck.of(l).orElse(null),
                    message, false, p.wave, p.options, p.file, p.typeFromSync));
        }
        Set<ResourceKey> hookKeys = new LinkedHashSet<>();
        hooks.forEach(h -> hookKeys.add(h.key()));
        for (var e : live.entrySet()) {
            Map<String, Object> l = e.getValue();
            if (states.containsKey(e.getKey()) || hookKeys.contains(e.getKey()) || !settings.tracking().owns(app.name(), l)
                    || isHook(l) || hasOwner(l)) {
                continue;
            }
            int wave;
            SyncOptions options;
            try {
                wave = Ordering.wave(l);
                options = app.syncPolicy().syncOptions().with(SyncOptions.annotation(Metadata.annotation(l, SyncOptions.ANNOTATION),
                        e.getKey().toString()));
            } catch (IllegalArgumentException ex) {
                wave = 0;
                options = app.syncPolicy().syncOptions();
            }
            ResourceType type = resources.type(String.valueOf(l.get("apiVersion")), e.getKey().kind()).orElse(null);
            states.put(e.getKey(), new ResourceState(e.getKey(), type, null, l, Differ.compare(null, l, ignores, e.getKey().toString()),
                    SyncCode.OUT_OF_SYNC, HealthCheck.of(l).orElse(null), null, true, wave, options, null, false));
        }
        List<ResourceState> list = List.copyOf(states.values());
        boolean outOfSync = list.stream().anyMatch(r -> r.status() == SyncCode.OUT_OF_SYNC
                && !(r.requiresPruning() && r.ignoreExtraneous()));
        List<Map<String, Object>> lives = new ArrayList<>();
        list.stream().filter(r -> r.desired() != null).forEach(r -> lives.add(r.live()));
        Health health = HealthCheck.application(lives);
        return new Comparison(outOfSync ? SyncCode.OUT_OF_SYNC : SyncCode.SYNCED, health, list, List.copyOf(hooks), List.of(),
                target.revisions());
    }

    /** Unknown status: the live objects the application tracked stay as they are, and nothing may be pruned. */
    private Comparison unknown(Application app, List<String> revisions, String error) {
        List<ResourceState> list = new ArrayList<>();
        List<Map<String, Object>> lives = new ArrayList<>();
        Map<ResourceKey, Map<String, Object>> live = readLive(app, List.of(), List.of());
        for (var e : new TreeMap<>(live).entrySet()) {
            if (settings.tracking().owns(app.name(), e.getValue()) && !isHook(e.getValue())) {
                Map<String, Object> l = e.getValue();
                lives.add(l);
                list.add(new ResourceState(e.getKey(), resources.type(String.valueOf(l.get("apiVersion")), e.getKey().kind()).orElse(null),
                        null, l, new ResourceDiff(false, null, null, e.getKey().toString()), SyncCode.UNKNOWN,
                        HealthCheck.of(l).orElse(null), null, false, 0, SyncOptions.NONE, null, false));
            }
        }
        Health health = lives.isEmpty() ? new Health(HealthStatus.UNKNOWN, "") : HealthCheck.application(lives);
        return new Comparison(SyncCode.UNKNOWN, health, List.copyOf(list), List.of(),
                List.of(new ApplicationStatus.Condition("ComparisonError", error)), revisions);
    }

    private record Prepared(ResourceKey key, ResourceType type, Map<String, Object> object, int wave, SyncOptions options,
            String file, boolean typeFromSync) {}

    private void prepare(Application app, Manifest m, Map<String, ResourceType> crdTypes, String revision, Instant now,
            Map<ResourceKey, Prepared> desired, List<HookResource> hooks) {
        Map<String, Object> object = Trees.copy(m.object());
        String where = m.file() == null ? "an object" : m.file();
        Object apiVersion = object.get("apiVersion");
        Object kind = object.get("kind");
        Map<String, Object> metadata = Trees.map(object.get("metadata"));
        if (apiVersion == null || kind == null || metadata == null) {
            throw new IllegalArgumentException(where + ": an object without apiVersion, kind or metadata");
        }
        Optional<Hook> hook = hookOf(object, where);
        if (hook.isPresent() && hook.get().skip()) {
            return;
        }
        if (metadata.get("name") == null) {
            if (hook.isPresent() && metadata.get("generateName") != null) {
                // Argo CD's hook naming, so every sync runs a fresh hook object.
                metadata.put("name", metadata.get("generateName") + revision.substring(0, Math.min(7, revision.length())) + "-"
                        + hook.get().phases().iterator().next().text().toLowerCase(Locale.ROOT) + "-" + now.getEpochSecond());
                metadata.remove("generateName");
            } else {
                throw new IllegalArgumentException(where + ": " + apiVersion + " " + kind + " has no metadata.name");
            }
        }
        ResourceType type = resources.type(apiVersion.toString(), kind.toString()).orElse(null);
        boolean fromSync = false;
        if (type == null && crdTypes.containsKey(apiVersion + "/" + kind)) {
            type = crdTypes.get(apiVersion + "/" + kind);
            fromSync = true;
        }
        if (type == null || type.namespaced()) {
            if (metadata.get("namespace") == null || metadata.get("namespace").toString().isEmpty()) {
                metadata.put("namespace", app.targetNamespace());
            }
        } else {
            metadata.remove("namespace");
        }
        int wave;
        SyncOptions options;
        try {
            wave = Ordering.wave(object);
            options = app.syncPolicy().syncOptions().with(SyncOptions.annotation(Metadata.annotation(object, SyncOptions.ANNOTATION), ""));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + ResourceKey.of(object) + ": " + e.getMessage().replaceFirst("^: ", ""));
        }
        settings.tracking().mark(object, app.name());
        ResourceKey key = ResourceKey.of(object);
        if (hook.isPresent()) {
            hooks.add(new HookResource(key, type, object, hook.get(), wave, m.file()));
            return;
        }
        Prepared previous = desired.get(key);
        if (previous != null) {
            throw new IllegalArgumentException(key + " appears twice: in " + previous.file + " and in " + m.file());
        }
        desired.put(key, new Prepared(key, type, object, wave, options, m.file(), fromSync));
    }

    private static Optional<Hook> hookOf(Map<String, Object> object, String where) {
        try {
            return Hook.of(object);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + ResourceKey.of(object) + ": " + e.getMessage());
        }
    }

    /** Reads the live objects of every kind the application renders or tracked before, in the namespaces concerned. */
    private Map<ResourceKey, Map<String, Object>> readLive(Application app, Collection<Prepared> desired,
            List<HookResource> hooks) {
        Map<String, ResourceType> types = new LinkedHashMap<>();
        Map<String, Set<String>> namespaces = new LinkedHashMap<>();
        for (Prepared p : desired) {
            add(types, namespaces, p.type, p.key.namespace());
        }
        for (HookResource h : hooks) {
            add(types, namespaces, h.type(), h.key().namespace());
        }
        for (ApplicationStatus.ResourceStatus r : app.status().resources()) {
            String apiVersion = r.group() == null || r.group().isEmpty() ? r.version() : r.group() + "/" + r.version();
            add(types, namespaces, resources.type(apiVersion, r.kind()).orElse(null), r.namespace());
        }
        Map<ResourceKey, Map<String, Object>> live = new LinkedHashMap<>();
        for (var e : types.entrySet()) {
            ResourceType type = e.getValue();
            Set<String> nss = namespaces.get(e.getKey());
            nss.add(app.targetNamespace());
            for (String ns : type.namespaced() ? nss : Set.of("")) {
                for (Map<String, Object> o : resources.list(type, ns.isEmpty() ? null : ns)) {
                    live.put(ResourceKey.of(o), o);
                }
            }
        }
        return live;
    }

    private static void add(Map<String, ResourceType> types, Map<String, Set<String>> namespaces, ResourceType type, String ns) {
        if (type == null) {
            return;
        }
        String k = type.group() + "/" + type.kind();
        types.putIfAbsent(k, type);
        Set<String> set = namespaces.computeIfAbsent(k, x -> new LinkedHashSet<>());
        if (ns != null && !ns.isEmpty()) {
            set.add(ns);
        }
    }

    /** Kinds that CRDs in the same sync define, by {@code apiVersion/kind}, for every served version. */
    private static Map<String, ResourceType> crdTypes(List<Manifest> manifests) {
        Map<String, ResourceType> out = new LinkedHashMap<>();
        for (Manifest m : manifests) {
            if (!"CustomResourceDefinition".equals(m.kind()) || m.apiVersion() == null
                    || !m.apiVersion().startsWith("apiextensions.k8s.io/")) {
                continue;
            }
            Map<String, Object> spec = Trees.map(m.object().get("spec"));
            Map<String, Object> names = spec == null ? null : Trees.map(spec.get("names"));
            List<Object> versions = spec == null ? null : Trees.list(spec.get("versions"));
            if (names == null || versions == null) {
                continue;
            }
            String group = String.valueOf(spec.get("group"));
            String kind = String.valueOf(names.get("kind"));
            for (Object v : versions) {
                Map<String, Object> version = Trees.map(v);
                if (version != null && version.get("name") != null) {
                    out.put(group + "/" + version.get("name") + "/" + kind, new ResourceType(group, version.get("name").toString(), kind,
                            String.valueOf(names.get("plural")), !"Cluster".equals(spec.get("scope"))));
                }
            }
        }
        return out;
    }

    private static boolean isHook(Map<String, Object> live) {
        return Metadata.annotation(live, Hook.ANNOTATION) != null || Metadata.annotation(live, Hook.HELM_HOOK) != null;
    }

    private static boolean hasOwner(Map<String, Object> live) {
        Map<String, Object> metadata = Trees.map(live.get("metadata"));
        List<Object> owners = metadata == null ? null : Trees.list(metadata.get("ownerReferences"));
        return owners != null && !owners.isEmpty();
    }
}
