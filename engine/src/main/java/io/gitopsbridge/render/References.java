package io.gitopsbridge.render;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Renames an object and every reference to it in the other objects, as kustomize's name reference transformer does
 * for prefixes, suffixes and generator hashes: references are by kind, so a ConfigMap and a Deployment that share a
 * name are renamed independently.
 */
final class References {
    private References() {}

    static void rename(List<Manifest> all, Manifest target, String newName) {
        String kind = target.kind();
        String old = target.name();
        String ns = target.namespace();
        target.metadata().put("name", newName);
        if (old.equals(newName)) {
            return;
        }
        for (Manifest m : all) {
            if (m == target || (ns != null && m.namespace() != null && !ns.equals(m.namespace()) && !clusterWide(m))) {
                continue;
            }
            referencesIn(m, kind, field -> {
                if (old.equals(field.get(field.keySet().iterator().next()))) {
                    field.replaceAll((k, v) -> newName);
                }
            });
        }
    }

    private static boolean clusterWide(Manifest m) {
        return m.kind().equals("ClusterRoleBinding");
    }

    /** Calls {@code rewrite} with a one-entry view of each name field in {@code m} that refers to a {@code kind}. */
    private static void referencesIn(Manifest m, String kind, Consumer<Map<String, Object>> rewrite) {
        Map<String, Object> spec = Objects2.podSpec(m);
        switch (kind) {
            case "ConfigMap", "Secret" -> {
                boolean cm = kind.equals("ConfigMap");
                if (spec != null) {
                    Objects2.eachIn(spec, v -> {
                        field(Objects2.map(v.get(cm ? "configMap" : "secret")), cm ? "name" : "secretName", rewrite);
                        Objects2.eachIn(v, s -> field(Objects2.map(s.get(cm ? "configMap" : "secret")), "name", rewrite),
                                "projected", "sources");
                    }, "volumes");
                    for (Map<String, Object> c : Objects2.containers(m)) {
                        Objects2.eachIn(c, e -> field(Objects2.map(Objects2.get(e, "valueFrom", cm ? "configMapKeyRef" : "secretKeyRef")),
                                "name", rewrite), "env");
                        Objects2.eachIn(c, e -> field(Objects2.map(e.get(cm ? "configMapRef" : "secretRef")), "name", rewrite), "envFrom");
                    }
                    if (!cm) {
                        Objects2.eachIn(spec, s -> field(s, "name", rewrite), "imagePullSecrets");
                    }
                }
                if (!cm && m.kind().equals("Ingress")) {
                    Objects2.eachIn(m.object(), t -> field(t, "secretName", rewrite), "spec", "tls");
                }
                if (!cm && m.kind().equals("ServiceAccount")) {
                    Objects2.eachIn(m.object(), s -> field(s, "name", rewrite), "secrets");
                    Objects2.eachIn(m.object(), s -> field(s, "name", rewrite), "imagePullSecrets");
                }
            }
            case "ServiceAccount" -> {
                if (spec != null) {
                    field(spec, "serviceAccountName", rewrite);
                }
                subjects(m, "ServiceAccount", rewrite);
            }
            case "PersistentVolumeClaim" -> {
                if (spec != null) {
                    Objects2.eachIn(spec, v -> field(Objects2.map(v.get("persistentVolumeClaim")), "claimName", rewrite), "volumes");
                }
            }
            case "Service" -> {
                if (m.kind().equals("Ingress")) {
                    Objects2.eachIn(m.object(), r -> Objects2.eachIn(r,
                            p -> field(Objects2.map(Objects2.get(p, "backend", "service")), "name", rewrite), "http", "paths"),
                            "spec", "rules");
                    field(Objects2.map(Objects2.get(m.object(), "spec", "defaultBackend", "service")), "name", rewrite);
                }
                if (m.kind().equals("StatefulSet")) {
                    field(Objects2.map(m.object().get("spec")), "serviceName", rewrite);
                }
            }
            case "Role", "ClusterRole" -> {
                Map<String, Object> roleRef = Objects2.map(m.object().get("roleRef"));
                if (roleRef != null && kind.equals(roleRef.get("kind"))) {
                    field(roleRef, "name", rewrite);
                }
            }
            default -> {
                Map<String, Object> scale = Objects2.map(Objects2.get(m.object(), "spec", "scaleTargetRef"));
                if (m.kind().equals("HorizontalPodAutoscaler") && scale != null && kind.equals(scale.get("kind"))) {
                    field(scale, "name", rewrite);
                }
            }
        }
    }

    private static void subjects(Manifest m, String subjectKind, Consumer<Map<String, Object>> rewrite) {
        if (m.kind().equals("RoleBinding") || m.kind().equals("ClusterRoleBinding")) {
            Objects2.eachIn(m.object(), s -> {
                if (subjectKind.equals(s.get("kind"))) {
                    field(s, "name", rewrite);
                }
            }, "subjects");
        }
    }

    /** Hands the rewrite a one-entry map backed by {@code holder.key}. */
    private static void field(Map<String, Object> holder, String key, Consumer<Map<String, Object>> rewrite) {
        if (holder == null || !(holder.get(key) instanceof String)) {
            return;
        }
        Map<String, Object> view = new java.util.LinkedHashMap<>();
        view.put(key, holder.get(key));
        rewrite.accept(view);
        holder.put(key, view.get(key));
    }
}
