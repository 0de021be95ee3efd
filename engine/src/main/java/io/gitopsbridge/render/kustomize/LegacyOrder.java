package io.gitopsbridge.render.kustomize;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * kustomize's legacy output order: kinds that others depend on first (Namespaces, CRDs, RBAC, ConfigMaps, …), webhook
 * configurations last, other kinds between them by group, version and kind; then by namespace and name.
 */
final class LegacyOrder {
    static final List<String> ORDER_FIRST = List.of("Namespace", "ResourceQuota", "StorageClass", "CustomResourceDefinition",
            "ServiceAccount", "PodSecurityPolicy", "Role", "ClusterRole", "RoleBinding", "ClusterRoleBinding", "ConfigMap",
            "Secret", "Endpoints", "Service", "LimitRange", "PriorityClass", "PersistentVolume", "PersistentVolumeClaim",
            "Deployment", "StatefulSet", "CronJob", "PodDisruptionBudget");
    static final List<String> ORDER_LAST = List.of("MutatingWebhookConfiguration", "ValidatingWebhookConfiguration");

    private LegacyOrder() {}

    static void sort(List<Resource> resources, List<String> first, List<String> last) {
        List<Resource> sorted = new ArrayList<>(resources);
        sorted.sort(Comparator.comparingInt((Resource r) -> rank(r.kind(), first, last))
                .thenComparing(r -> gvk(r.id()))
                .thenComparing(r -> r.id().effectiveNamespace())
                .thenComparing(Resource::name));
        resources.clear();
        resources.addAll(sorted);
    }

    private static int rank(String kind, List<String> first, List<String> last) {
        int i = first.indexOf(kind);
        if (i >= 0) {
            return i - first.size() - 1;
        }
        int j = last.indexOf(kind);
        return j >= 0 ? 1 + j : 0;
    }

    private static String gvk(ResId id) {
        return (id.group().isEmpty() ? "~G" : id.group()) + "_" + (id.version().isEmpty() ? "~V" : id.version()) + "_" + id.kind();
    }
}
