package io.jenkins.plugins.gitopsbridge.security;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.sync.Target;
import java.util.Set;
import java.util.TreeSet;

/** The namespaces a cluster's administrator lets synced objects go to, checked before anything is applied. */
public final class AllowedNamespaces {
    private AllowedNamespaces() {}

    /**
     * Each object's namespace (the destination's, else {@code default}, when it sets none) must be one the cluster
     * allows; with a namespace list, cluster-scoped objects are refused too, since no namespace limits them.
     *
     * @param namespaces the namespaces the cluster allows; empty for any
     * @throws IllegalArgumentException naming what is refused; nothing may then be applied
     */
    public static void check(Application app, Target target, String cluster, Set<String> namespaces, Resources kube) {
        if (namespaces.isEmpty()) {
            return;
        }
        Set<String> refused = new TreeSet<>();
        Set<String> clusterScoped = new TreeSet<>();
        for (Manifest m : target.manifests()) {
            var type = kube.type(m.apiVersion(), m.kind());
            if (type.isPresent() && !type.get().namespaced()) {
                clusterScoped.add(m.kind() + " " + m.name());
                continue;
            }
            String ns = m.namespace() != null && !m.namespace().isEmpty() ? m.namespace() : app.targetNamespace();
            if (!namespaces.contains(ns)) {
                refused.add(ns);
            }
        }
        String allowed = " (allowed: " + String.join(", ", new TreeSet<>(namespaces)) + ")";
        if (!refused.isEmpty()) {
            throw new IllegalArgumentException("Application '" + app.name() + "': cluster '" + cluster
                    + "' does not allow namespace " + String.join(", ", refused) + allowed + "; nothing was applied");
        }
        if (!clusterScoped.isEmpty()) {
            throw new IllegalArgumentException("Application '" + app.name() + "': cluster '" + cluster
                    + "' allows only namespaced objects in" + allowed + ", and " + String.join(", ", clusterScoped)
                    + (clusterScoped.size() == 1 ? " is" : " are") + " cluster-scoped; nothing was applied");
        }
    }
}
