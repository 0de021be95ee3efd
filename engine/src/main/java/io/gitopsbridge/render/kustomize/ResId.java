package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.yaml.Trees;
import java.util.Map;
import java.util.Objects;

/**
 * An object's identity as kustomize keys it: group, version, kind, name and namespace. An empty namespace and
 * {@code default} are the same namespace; cluster-scoped kinds have none.
 */
record ResId(String group, String version, String kind, String name, String namespace) {
    static ResId of(Map<String, Object> object) {
        String apiVersion = Objects.toString(object.get("apiVersion"), "");
        int slash = apiVersion.indexOf('/');
        Map<String, Object> meta = Trees.map(object.get("metadata"));
        return new ResId(slash < 0 ? "" : apiVersion.substring(0, slash), slash < 0 ? apiVersion : apiVersion.substring(slash + 1),
                Objects.toString(object.get("kind"), ""), meta == null ? "" : Objects.toString(meta.get("name"), ""),
                meta == null ? "" : Objects.toString(meta.get("namespace"), ""));
    }

    String effectiveNamespace() {
        if (Scopes.isClusterScoped(group, kind)) {
            return "";
        }
        return namespace == null || namespace.isEmpty() ? "default" : namespace;
    }

    boolean sameGvk(ResId o) {
        return group.equals(o.group) && version.equals(o.version) && kind.equals(o.kind);
    }

    /** kustomize's {@code ResId.Equals}: same group, version, kind, name and effective namespace. */
    boolean matches(ResId o) {
        return sameGvk(o) && name.equals(o.name) && effectiveNamespace().equals(o.effectiveNamespace());
    }

    /** Like {@link #matches} for an id without group and version (a patch without apiVersion): any of them. */
    boolean matchesLoosely(ResId o) {
        return kind.equals(o.kind) && name.equals(o.name) && effectiveNamespace().equals(o.effectiveNamespace());
    }

    @Override
    public String toString() {
        String gv = group.isEmpty() ? version : group + "/" + version;
        return gv + ", Kind=" + kind + ", " + (namespace == null || namespace.isEmpty() ? "" : namespace + "/") + name;
    }
}
