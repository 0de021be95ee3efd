package io.gitopsbridge.cache;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.tracking.TrackingId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Live objects of one cluster, kept by one informer (list, then watch, re-listed on a broken watch and resynced) per
 * resource type asked for. A type is served from here only while its informer has synced and is watching; otherwise
 * callers read the API server, so the cache is never silently stale. Objects are indexed by namespace, by the
 * application their tracking names and by owner, and every change is reported with the application it belongs to.
 */
public final class ClusterCache implements AutoCloseable {
    /** A change of a live object: its key, the object (null when deleted) and the application tracking it, if any. */
    public record Change(ResourceKey key, Map<String, Object> object, String application) {}

    private static final String NAMESPACE = io.fabric8.kubernetes.client.informers.cache.Cache.NAMESPACE_INDEX;
    private static final String APPLICATION = "application";
    private static final String OWNER = "owner";

    private final KubernetesClient client;
    private final Duration resync;
    private final Map<String, SharedIndexInformer<GenericKubernetesResource>> informers = new ConcurrentHashMap<>();
    private final List<Consumer<Change>> listeners = new CopyOnWriteArrayList<>();

    private static final long LIST_PAGE = 500;

    /** @param resync how often every object is reported again (gitops-engine resyncs fully every 24 h) */
    public ClusterCache(KubernetesClient client, Duration resync) {
        this.client = client;
        this.resync = resync;
    }

    /** Calls {@code listener} (from the informers' threads) for every add, update and delete of a watched object. */
    public void onChange(Consumer<Change> listener) {
        listeners.add(listener);
    }

    /** Whether {@code type} can be read from the cache now; the first call starts watching it. */
    public boolean ready(ResourceType type) {
        SharedIndexInformer<GenericKubernetesResource> informer = informers.computeIfAbsent(key(type), k -> start(type));
        return informer.hasSynced() && informer.isWatching();
    }

    /** The cached objects of {@code type} in {@code namespace} ({@code null}: all); call only when {@link #ready}. */
    public List<Map<String, Object>> list(ResourceType type, String namespace) {
        SharedIndexInformer<GenericKubernetesResource> informer = informers.get(key(type));
        List<GenericKubernetesResource> items = namespace == null || !type.namespaced() ? informer.getStore().list()
                : informer.getIndexer().byIndex(NAMESPACE, namespace);
        List<Map<String, Object>> out = new ArrayList<>(items.size());
        items.forEach(r -> out.add(tree(type, r)));
        return out;
    }

    /** The cached object; call only when {@link #ready}. */
    public Optional<Map<String, Object>> get(ResourceType type, String namespace, String name) {
        GenericKubernetesResource r = informers.get(key(type)).getStore()
                .getByKey(type.namespaced() ? namespace + "/" + name : name);
        return Optional.ofNullable(r == null ? null : tree(type, r));
    }

    /** The cached objects of every watched type that application {@code name} tracks. */
    public List<Map<String, Object>> trackedBy(String name) {
        List<Map<String, Object>> out = new ArrayList<>();
        informers.values().forEach(i -> i.getIndexer().byIndex(APPLICATION, name).forEach(r -> out.add(tree(null, r))));
        return out;
    }

    /** The cached objects of every watched type whose ownerReferences name {@code uid}: a resource tree's children. */
    public List<Map<String, Object>> ownedBy(String uid) {
        List<Map<String, Object>> out = new ArrayList<>();
        informers.values().forEach(i -> i.getIndexer().byIndex(OWNER, uid).forEach(r -> out.add(tree(null, r))));
        return out;
    }

    /** How many objects are cached, over all types. */
    public int size() {
        return informers.values().stream().mapToInt(i -> i.getStore().list().size()).sum();
    }

    @Override
    public void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }

    private SharedIndexInformer<GenericKubernetesResource> start(ResourceType type) {
        var op = client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(type.group())
                .withVersion(type.version()).withKind(type.kind()).withPlural(type.plural()).withNamespaced(type.namespaced())
                .build());
        // Listed in pages of 500, gitops-engine's page size, so a type of many objects is not one huge response.
        SharedIndexInformer<GenericKubernetesResource> informer = type.namespaced()
                ? op.inAnyNamespace().withLimit(LIST_PAGE).runnableInformer(resync.toMillis())
                : op.withLimit(LIST_PAGE).runnableInformer(resync.toMillis());
        // fabric8's informers index by namespace already (Cache.NAMESPACE_INDEX).
        informer.addIndexers(Map.of(
                APPLICATION, r -> application(r).map(List::of).orElse(List.of()),
                OWNER, r -> r.getMetadata().getOwnerReferences() == null ? List.of()
                        : r.getMetadata().getOwnerReferences().stream().map(o -> o.getUid()).toList()));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(GenericKubernetesResource r) {
                changed(type, r, false);
            }

            @Override
            public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                changed(type, after, false);
            }

            @Override
            public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                changed(type, r, true);
            }
        });
        informer.start();
        return informer;
    }

    private void changed(ResourceType type, GenericKubernetesResource r, boolean deleted) {
        if (listeners.isEmpty()) {
            return;
        }
        Map<String, Object> object = tree(type, r);
        Change change = new Change(ResourceKey.of(object), deleted ? null : object, application(r).orElse(null));
        listeners.forEach(l -> l.accept(change));
    }

    /** The application an object's tracking annotation (or instance label) names, for routing its events. */
    private static Optional<String> application(GenericKubernetesResource r) {
        Map<String, String> annotations = r.getMetadata().getAnnotations();
        String id = annotations == null ? null : annotations.get(TrackingId.ANNOTATION);
        if (id != null) {
            return TrackingId.parse(id).map(TrackingId::app);
        }
        Map<String, String> labels = r.getMetadata().getLabels();
        return Optional.ofNullable(labels == null ? null : labels.get(TrackingId.LABEL));
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(ResourceType type, GenericKubernetesResource r) {
        Map<String, Object> m = client.getKubernetesSerialization().convertValue(r, Map.class);
        if (type != null) {
            m.putIfAbsent("apiVersion", type.apiVersion());
            m.putIfAbsent("kind", type.kind());
        }
        return m;
    }

    private static String key(ResourceType type) {
        return type.group() + "/" + type.version() + "/" + type.kind();
    }
}
