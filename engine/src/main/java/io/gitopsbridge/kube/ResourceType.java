package io.gitopsbridge.kube;

/**
 * A kind as the API server serves it.
 *
 * @param group {@code ""} for core
 * @param version the served version
 * @param plural the resource name in URLs
 * @param namespaced whether objects live in namespaces
 */
public record ResourceType(String group, String version, String kind, String plural, boolean namespaced) {
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }
}
