package io.gitopsbridge.app;

/**
 * Where an application's objects go: a cluster by {@code server} URL or by {@code name}, and the namespace given to
 * objects that name none.
 *
 * @param server the API server URL, or {@code null}
 * @param name the cluster name, or {@code null}
 * @param namespace the default namespace, or {@code null}
 */
public record Destination(String server, String name, String namespace) {}
