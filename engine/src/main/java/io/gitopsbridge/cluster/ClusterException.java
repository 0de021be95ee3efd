package io.gitopsbridge.cluster;

/** A cluster could not be configured or reached. The message names the cluster, server or file, never a secret. */
public class ClusterException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public ClusterException(String message) {
        super(message);
    }

    public ClusterException(String message, Throwable cause) {
        super(message, cause);
    }
}
