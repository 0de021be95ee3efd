package io.gitopsbridge.diff;

import io.gitopsbridge.merge.ThreeWayMerge;
import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.yaml.KubeYaml;
import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * Compares a desired object with its live counterpart. With a last-applied record on the live object (written by
 * every apply) the comparison is three-way, so a field removed from Git shows as a difference; without one it is
 * two-way, so fields only the server set never do.
 */
public final class Differ {
    private Differ() {}

    /**
     * @param desired the object from Git as it would be applied, or {@code null} when Git no longer has it
     * @param live the object on the server, or {@code null} when it does not exist
     * @param ignores the application's ignoreDifferences
     * @param name how to name the object in the diff
     */
    public static ResourceDiff compare(Map<String, Object> desired, Map<String, Object> live, Ignores ignores, String name) {
        return compare(desired, live, ignores, name, desired == null ? null
                : MergeRules.builtin(String.valueOf(desired.get("apiVersion")), String.valueOf(desired.get("kind"))));
    }

    /** @param rules how the object's fields merge (from the cluster's schema) */
    public static ResourceDiff compare(Map<String, Object> desired, Map<String, Object> live, Ignores ignores, String name,
            MergeRules rules) {
        Map<String, Object> liveNorm = live == null ? null : Normalizer.normalize(live);
        if (desired == null) {
            return new ResourceDiff(live != null, null, liveNorm, name);
        }
        Map<String, Object> desiredNorm = Normalizer.normalize(desired);
        Map<String, Object> predicted;
        if (live == null) {
            predicted = desiredNorm;
        } else {
            Map<String, Object> last = lastApplied(live);
            predicted = Normalizer.normalize(ThreeWayMerge.threeWay(last == null ? null : Normalizer.normalize(last), desiredNorm,
                    liveNorm, rules));
        }
        List<FieldPath> ignored = ignores.pathsFor(desired, live);
        for (FieldPath p : ignored) {
            p.remove(predicted);
            if (liveNorm != null) {
                p.remove(liveNorm);
            }
        }
        return new ResourceDiff(liveNorm == null || !Trees.same(predicted, liveNorm), predicted, liveNorm, name);
    }

    /** The object the last client-side apply sent, from the live object's annotation; {@code null} if none or unreadable. */
    public static Map<String, Object> lastApplied(Map<String, Object> live) {
        Map<String, Object> metadata = Trees.map(live.get("metadata"));
        Map<String, Object> annotations = metadata == null ? null : Trees.map(metadata.get("annotations"));
        Object text = annotations == null ? null : annotations.get(Normalizer.LAST_APPLIED);
        if (text == null) {
            return null;
        }
        try {
            return Trees.map(KubeYaml.load("last-applied-configuration", text.toString()));
        } catch (YamlEngineException e) {
            return null;
        }
    }
}
