package io.gitopsbridge.kube;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Objects of a cluster as plain trees. Writes return the object as the server stored it. Errors are
 * {@link io.fabric8.kubernetes.client.KubernetesClientException}s carrying the server's status.
 */
public interface Resources {
    /** How strictly the server checks fields it does not know. */
    enum Validation { STRICT, IGNORE }

    /** How a delete treats dependents. */
    enum Propagation { FOREGROUND, BACKGROUND, ORPHAN }

    /** The served type of a kind; empty when the server does not serve it. */
    Optional<ResourceType> type(String apiVersion, String kind);

    /** Forgets cached discovery, so kinds a sync just created (with their CRDs) are found. */
    default void refreshTypes() {}

    /**
     * What the API server serves at a path that is not a resource ({@code /openapi/v3} and the documents it lists);
     * empty when it serves nothing there or refuses this client.
     */
    default Optional<String> read(String path) {
        return Optional.empty();
    }

    /** The objects of a type in {@code namespace} ({@code null}: cluster-scoped types, or every namespace). */
    List<Map<String, Object>> list(ResourceType type, String namespace);

    Optional<Map<String, Object>> get(ResourceType type, String namespace, String name);

    Map<String, Object> create(ResourceType type, Map<String, Object> object, Validation validation);

    /**
     * These resources, with every write sent as a server-side dry run ({@code dryRun=All}): the server validates,
     * defaults and admits it, and stores nothing. Reads are unchanged.
     */
    Resources serverDryRun();

    /** An RFC 6902 JSON patch. */
    Map<String, Object> patch(ResourceType type, String namespace, String name, List<Map<String, Object>> operations,
            Validation validation);

    /** A full update (PUT); {@code object} carries the resourceVersion it replaces. */
    Map<String, Object> replace(ResourceType type, Map<String, Object> object, Validation validation);

    /** A server-side apply with {@code fieldManager}, taking fields from other managers when {@code force}. */
    Map<String, Object> apply(ResourceType type, Map<String, Object> object, String fieldManager, boolean force);

    /** Deletes; false when there was nothing to delete. */
    boolean delete(ResourceType type, String namespace, String name, Propagation propagation);
}
