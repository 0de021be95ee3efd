package io.gitopsbridge.sync;

import io.gitopsbridge.kube.Metadata;
import java.util.List;
import java.util.Map;

/** Sync waves and Argo CD's kind order. */
final class Ordering {
    static final String WAVE = "argocd.argoproj.io/sync-wave";
    private static final String HELM_WEIGHT = "helm.sh/hook-weight";

    /** Kinds in the order they are applied within a wave; other kinds (and custom resources) come after. */
    private static final List<String> KINDS = List.of("Namespace", "NetworkPolicy", "ResourceQuota", "LimitRange",
            "PodSecurityPolicy", "PodDisruptionBudget", "ServiceAccount", "Secret", "SecretList", "ConfigMap", "StorageClass",
            "PersistentVolume", "PersistentVolumeClaim", "CustomResourceDefinition", "ClusterRole", "ClusterRoleList",
            "ClusterRoleBinding", "ClusterRoleBindingList", "Role", "RoleList", "RoleBinding", "RoleBindingList", "Service",
            "DaemonSet", "Pod", "ReplicationController", "ReplicaSet", "Deployment", "HorizontalPodAutoscaler", "StatefulSet",
            "Job", "CronJob", "IngressClass", "Ingress", "APIService");

    private Ordering() {}

    static int kindRank(String kind) {
        int i = KINDS.indexOf(kind);
        return i < 0 ? KINDS.size() : i;
    }

    /**
     * The object's wave: {@code argocd.argoproj.io/sync-wave}, else Helm's {@code hook-weight}, else 0.
     *
     * @throws IllegalArgumentException when the annotation is not a whole number
     */
    static int wave(Map<String, Object> object) {
        String w = Metadata.annotation(object, WAVE) != null ? Metadata.annotation(object, WAVE)
                : Metadata.annotation(object, HELM_WEIGHT);
        if (w == null) {
            return 0;
        }
        try {
            return Integer.parseInt(w.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(WAVE + ": '" + w + "' is not a whole number");
        }
    }
}
