package io.gitopsbridge.sync;

import io.gitopsbridge.kube.Metadata;
import io.gitopsbridge.tracking.TrackingId;
import io.gitopsbridge.yaml.Trees;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** How objects are marked as an application's, as Argo CD's {@code application.resourceTrackingMethod}. */
public enum Tracking {
    /** The {@code argocd.argoproj.io/tracking-id} annotation (Argo CD's default since 3.0). */
    ANNOTATION,
    /** The {@code app.kubernetes.io/instance} label (collides with charts and operators that copy it). */
    LABEL,
    /** Both; the annotation decides ownership. */
    ANNOTATION_AND_LABEL;

    /** Marks a desired object (in place) as the application's. */
    void mark(Map<String, Object> object, String app) {
        Map<String, Object> metadata = child(object, "metadata");
        if (this != LABEL) {
            child(metadata, "annotations").put(TrackingId.ANNOTATION, TrackingId.of(app, object).format());
        }
        if (this != ANNOTATION) {
            child(metadata, "labels").put(TrackingId.LABEL, TrackingId.labelValue(app));
        }
    }

    /** The application a live object belongs to, if any. */
    Optional<String> owner(Map<String, Object> live) {
        if (this != LABEL) {
            return TrackingId.owner(live);
        }
        return Optional.ofNullable(Metadata.label(live, TrackingId.LABEL));
    }

    /** Whether a live object belongs to {@code app}. */
    boolean owns(String app, Map<String, Object> live) {
        return owner(live).filter(o -> o.equals(this == LABEL ? TrackingId.labelValue(app) : app)).isPresent();
    }

    private static Map<String, Object> child(Map<String, Object> parent, String key) {
        Map<String, Object> m = Trees.map(parent.get(key));
        if (m == null) {
            m = new LinkedHashMap<>();
            parent.put(key, m);
        }
        return m;
    }
}
