package io.gitopsbridge.cluster;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.VersionInfo;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import javax.net.ssl.SSLException;

/** A configured client for one cluster, with the namespace work defaults to. Close it when done. */
public final class Cluster implements AutoCloseable {
    private final String name;
    private final URI server;
    private final String namespace;
    private final KubernetesClient client;

    Cluster(String name, URI server, String namespace, KubernetesClient client) {
        this.name = name;
        this.server = server;
        this.namespace = namespace;
        this.client = client;
    }

    public String name() {
        return name;
    }

    public URI server() {
        return server;
    }

    /** The namespace objects without one go to. */
    public String namespace() {
        return namespace;
    }

    public KubernetesClient client() {
        return client;
    }

    /**
     * Asks the API server for its version, which proves that it is reachable, that TLS is trusted and that the
     * credentials are accepted.
     *
     * @throws ClusterException naming the server and what went wrong
     */
    public ServerInfo verify() {
        try {
            VersionInfo version = client.getKubernetesVersion();
            return new ServerInfo(version.getGitVersion(), version.getPlatform());
        } catch (KubernetesClientException e) {
            throw describe(e);
        }
    }

    /** Turns a client failure into a message that names this cluster's server and never a credential. */
    public ClusterException describe(KubernetesClientException e) {
        String where = "the Kubernetes API server " + server + " of cluster '" + name + "'";
        int code = e.getCode();
        if (code == 401) {
            return new ClusterException(capitalize(where) + " rejected the credentials (HTTP 401 Unauthorized)");
        }
        String reason = e.getStatus() != null && e.getStatus().getMessage() != null ? ": " + e.getStatus().getMessage() : "";
        if (code == 403) {
            return new ClusterException(capitalize(where) + " denied access (HTTP 403 Forbidden)" + reason);
        }
        if (code > 0) {
            return new ClusterException(capitalize(where) + " answered HTTP " + code + reason);
        }
        return new ClusterException("Cannot reach " + where + ": " + networkReason(e), e.getCause());
    }

    private static String networkReason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                return "connection refused";
            }
            if (t instanceof UnknownHostException) {
                return "unknown host " + t.getMessage();
            }
            if (t instanceof NoRouteToHostException) {
                return "no route to host";
            }
            if (t instanceof HttpConnectTimeoutException || t instanceof SocketTimeoutException) {
                return "connection timed out";
            }
            if (t instanceof HttpTimeoutException || t instanceof InterruptedIOException) {
                return "request timed out";
            }
            if (t instanceof SSLException) {
                return "TLS failed (" + t.getMessage() + "); check the server's CA certificate";
            }
        }
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() != null ? ": " + root.getMessage() : "");
    }

    static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    @Override
    public void close() {
        client.close();
    }

    @Override
    public String toString() {
        return "Cluster[" + name + " " + server + " namespace=" + namespace + "]";
    }
}
