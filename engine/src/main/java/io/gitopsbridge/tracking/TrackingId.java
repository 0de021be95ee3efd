package io.gitopsbridge.tracking;

import java.util.Map;
import java.util.Optional;

/**
 * An object's tracking identity: {@code <app>:<group>/<kind>:<namespace>/<name>}.
 *
 * @param app the application
 * @param group the API group ({@code ""} for the core group)
 * @param kind the kind
 * @param namespace the namespace ({@code ""} for cluster-scoped objects)
 * @param name the name
 */
public record TrackingId(String app, String group, String kind, String namespace, String name) {
    public static final String ANNOTATION = "argocd.argoproj.io/tracking-id";
    public static final String LABEL = "app.kubernetes.io/instance";

    /** The identity an application gives to an object (desired or live). */
    @SuppressWarnings("unchecked")
    public static TrackingId of(String app, Map<String, Object> object) {
        String apiVersion = String.valueOf(object.get("apiVersion"));
        Map<String, Object> metadata = object.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        return new TrackingId(app, apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "",
                String.valueOf(object.get("kind")), metadata.get("namespace") == null ? "" : metadata.get("namespace").toString(),
                String.valueOf(metadata.get("name")));
    }

    /** The annotation value. */
    public String format() {
        return app + ":" + group + "/" + kind + ":" + namespace + "/" + name;
    }

    /** Parses an annotation value; empty when it is not in the format. */
    public static Optional<TrackingId> parse(String value) {
        if (value == null) {
            return Optional.empty();
        }
        int first = value.indexOf(':');
        int last = value.lastIndexOf(':');
        if (first <= 0 || last == first) {
            return Optional.empty();
        }
        String groupKind = value.substring(first + 1, last);
        String namespaceName = value.substring(last + 1);
        int slash = groupKind.indexOf('/');
        int nsSlash = namespaceName.indexOf('/');
        if (slash < 0 || nsSlash < 0) {
            return Optional.empty();
        }
        return Optional.of(new TrackingId(value.substring(0, first), groupKind.substring(0, slash), groupKind.substring(slash + 1),
                namespaceName.substring(0, nsSlash), namespaceName.substring(nsSlash + 1)));
    }

    /**
     * The application a live object is tracked to, by annotation: only when the annotation describes the object it
     * sits on. An annotation copied onto another object (by an operator, a Helm chart, kustomize) tracks nothing,
     * so that object is neither adopted nor pruned.
     */
    @SuppressWarnings("unchecked")
    public static Optional<String> owner(Map<String, Object> live) {
        Map<String, Object> metadata = live.get("metadata") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        Map<String, Object> annotations = metadata.get("annotations") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        Object value = annotations.get(ANNOTATION);
        return parse(value == null ? null : value.toString())
                .filter(id -> id.equals(of(id.app(), live)))
                .map(TrackingId::app);
    }

    /** The label value for label tracking: the application name, cut to the 63 characters a label value allows. */
    public static String labelValue(String app) {
        return app.length() > 63 ? app.substring(0, 63) : app;
    }
}
