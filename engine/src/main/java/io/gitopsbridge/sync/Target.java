package io.gitopsbridge.sync;

import io.gitopsbridge.render.Manifest;
import java.util.List;

/**
 * What Git wants: the rendered objects at some revisions, or why rendering failed. A failed target makes the
 * application's sync status Unknown and forbids any sync, so a broken render can never prune.
 *
 * @param manifests the rendered objects (empty when rendering failed)
 * @param revisions the commits rendered, one per source
 * @param error why rendering failed, or {@code null}
 */
public record Target(List<Manifest> manifests, List<String> revisions, String error) {
    public static Target rendered(List<Manifest> manifests, List<String> revisions) {
        return new Target(List.copyOf(manifests), List.copyOf(revisions), null);
    }

    public static Target failed(String error, List<String> revisions) {
        return new Target(List.of(), List.copyOf(revisions), error);
    }

    public boolean failed() {
        return error != null;
    }
}
