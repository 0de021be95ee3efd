package io.gitopsbridge.cache;

import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link Resources} whose reads come from a {@link ClusterCache} once it is ready for the type, and from the API
 * server until then; writes always go to the server (the watch brings their result into the cache).
 */
public final class CachedResources implements Resources {
    private final Resources server;
    private final ClusterCache cache;

    public CachedResources(Resources server, ClusterCache cache) {
        this.server = server;
        this.cache = cache;
    }

    @Override
    public Optional<ResourceType> type(String apiVersion, String kind) {
        return server.type(apiVersion, kind);
    }

    @Override
    public void refreshTypes() {
        server.refreshTypes();
    }

    @Override
    public Optional<String> read(String path) {
        return server.read(path);
    }

    @Override
    public List<Map<String, Object>> list(ResourceType type, String namespace) {
        return cache.ready(type) ? cache.list(type, namespace) : server.list(type, namespace);
    }

    @Override
    public Optional<Map<String, Object>> get(ResourceType type, String namespace, String name) {
        return cache.ready(type) ? cache.get(type, namespace, name) : server.get(type, namespace, name);
    }

    @Override
    public Map<String, Object> create(ResourceType type, Map<String, Object> object, Validation validation) {
        return server.create(type, object, validation);
    }

    @Override
    public Resources serverDryRun() {
        return new CachedResources(server.serverDryRun(), cache);
    }

    @Override
    public Map<String, Object> patch(ResourceType type, String namespace, String name, List<Map<String, Object>> operations,
            Validation validation) {
        return server.patch(type, namespace, name, operations, validation);
    }

    @Override
    public Map<String, Object> replace(ResourceType type, Map<String, Object> object, Validation validation) {
        return server.replace(type, object, validation);
    }

    @Override
    public Map<String, Object> apply(ResourceType type, Map<String, Object> object, String fieldManager, boolean force) {
        return server.apply(type, object, fieldManager, force);
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name, Propagation propagation) {
        return server.delete(type, namespace, name, propagation);
    }
}
