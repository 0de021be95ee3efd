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
 * @param policy what the cluster's administrator allows Pods to do
 */
public record PodOptions(String helperImage, boolean nativeSidecars, String clusterVersion, PodPolicy policy) {
    public static final String DEFAULT_HELPER_IMAGE = "busybox:1.37";

    public PodOptions {
        Objects.requireNonNull(helperImage, "helperImage");
        Objects.requireNonNull(policy, "policy");
    }

    /** These options, with Pods limited by {@code policy}. */
    public PodOptions withPolicy(PodPolicy policy) {
        return new PodOptions(helperImage, nativeSidecars, clusterVersion, policy);
    }

    public static PodOptions defaults() {
        return new PodOptions(DEFAULT_HELPER_IMAGE, true, "unknown", PodPolicy.UNRESTRICTED);
    }

    /** Options for a cluster of this version ({@code v1.31.4}). */
    public static PodOptions forCluster(String helperImage, String gitVersion) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("v?(\\d+)\\.(\\d+)").matcher(gitVersion);
        boolean native_ = !m.lookingAt()
                || Integer.parseInt(m.group(1)) > 1
                || Integer.parseInt(m.group(2)) >= 29;
        return new PodOptions(helperImage, native_, gitVersion, PodPolicy.UNRESTRICTED);
    }
}
