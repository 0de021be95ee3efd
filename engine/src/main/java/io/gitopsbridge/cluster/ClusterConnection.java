package io.gitopsbridge.cluster;

import java.time.Duration;
import java.util.Objects;

/**
 * What it takes to connect to one cluster.
 *
 * @param name the cluster's name, for messages
 * @param source where the address and credentials come from
 * @param namespace the namespace to work in; {@code null} takes the source's own (kubeconfig context, service
 *     account), then {@code default}
 * @param connectTimeout how long to wait for a TCP/TLS connection
 * @param requestRetries how many times a request that failed for an I/O reason is retried, with backoff
 */
public record ClusterConnection(
        String name, ClusterSource source, String namespace, Duration connectTimeout, int requestRetries) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /** As fabric8 backs off (100 ms doubling, {@code Retry-After} honoured): about 3 s before a request gives up. */
    public static final int DEFAULT_REQUEST_RETRIES = 5;

    public ClusterConnection {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(source, "source");
        namespace = namespace == null || namespace.isBlank() ? null : namespace.trim();
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (requestRetries < 0) {
            throw new IllegalArgumentException("requestRetries must not be negative: " + requestRetries);
        }
    }

    public ClusterConnection(String name, ClusterSource source, String namespace) {
        this(name, source, namespace, DEFAULT_CONNECT_TIMEOUT, DEFAULT_REQUEST_RETRIES);
    }

    public ClusterConnection withRequestRetries(int retries) {
        return new ClusterConnection(name, source, namespace, connectTimeout, retries);
    }
}
