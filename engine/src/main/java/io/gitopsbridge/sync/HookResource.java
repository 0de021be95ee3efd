package io.gitopsbridge.sync;

import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import java.util.Map;

/**
 * A hook from Git: created when its phase and wave come, never compared, never pruned.
 *
 * @param type the served type, or {@code null} when the cluster does not serve the kind (yet)
 * @param object the object to create (namespace and tracking added; named when it had only {@code generateName})
 */
public record HookResource(ResourceKey key, ResourceType type, Map<String, Object> object, Hook hook, int wave, String file) {}
