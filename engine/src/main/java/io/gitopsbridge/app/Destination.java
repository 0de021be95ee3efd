package io.gitopsbridge.app;

/**
 * Where an application's objects go: a cluster by {@code server} URL or by {@code name}, and the namespace given to
 * objects that name none.
 *
 * @param server the API server URL, or {@code null}
 * @param name the cluster name, or {@code null}
 * @param namespace the default namespace, or {@code null}
 */
public record Destination(String server, String name, String namespace) {
    /** The in-cluster server URL as Argo CD writes it. */
    public static final String IN_CLUSTER = "https://kubernetes.default.svc";

    /** The cluster as people name it: its name, else its server URL. */
    public String cluster() {
        return name != null ? name : server;
    }
}
