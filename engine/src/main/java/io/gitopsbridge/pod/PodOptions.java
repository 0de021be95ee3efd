package io.gitopsbridge.pod;

import java.util.Objects;

/**
 * Cluster-wide choices for building Task Pods.
 *
 * @param helperImage an image with a POSIX shell, {@code cat} and {@code wc} (busybox will do) that packs results into
 *     the termination message; only used by Tasks that declare results
 * @param nativeSidecars whether the cluster runs native sidecar containers (Kubernetes 1.29 and newer); sidecars
 *     need them
 * @param clusterVersion the cluster's version, for messages
 */
public record PodOptions(String helperImage, boolean nativeSidecars, String clusterVersion) {
    public static final String DEFAULT_HELPER_IMAGE = "busybox:1.37";

    public PodOptions {
        Objects.requireNonNull(helperImage, "helperImage");
    }

    public static PodOptions defaults() {
        return new PodOptions(DEFAULT_HELPER_IMAGE, true, "unknown");
    }

    /** Options for a cluster of this version ({@code v1.31.4}). */
    public static PodOptions forCluster(String helperImage, String gitVersion) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(gitVersion);
        boolean native_ = !m.lookingAt()
                || Integer.parseInt(m.group(1)) > 1
                || Integer.parseInt(m.group(2)) >= 29;
        return new PodOptions(helperImage, native_, gitVersion);
    }
}
