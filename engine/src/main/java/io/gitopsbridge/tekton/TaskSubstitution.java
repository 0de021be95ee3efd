package io.gitopsbridge.tekton;

import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies one {@link Substitution} pass to the fields of a Task spec that Tekton substitutes, and to no others
 * ({@code ApplyReplacements} in {@code pkg/reconciler/taskrun/resources/apply.go} and
 * {@code pkg/container/*_replacements.go}). The fields are listed here as data.
 */
public final class TaskSubstitution {
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    /** String fields of an env var, as paths; {@code value} first. */
    private static final List<String> ENV = List.of("value", "valueFrom.secretKeyRef.name", "valueFrom.secretKeyRef.key",
            "valueFrom.configMapKeyRef.name", "valueFrom.configMapKeyRef.key");
    private static final List<String> ENV_FROM = List.of("prefix", "configMapRef.name", "secretRef.name");
    private static final List<String> VOLUME_MOUNT = List.of("name", "mountPath", "subPath");
    /** {@code *} stands for every item of a list or every value of a map. */
    private static final List<String> VOLUME = List.of("name", "configMap.name", "configMap.items.*.key",
            "configMap.items.*.path", "secret.secretName", "secret.items.*.key", "secret.items.*.path",
            "persistentVolumeClaim.claimName", "projected.sources.*.configMap.name", "projected.sources.*.secret.name",
            "projected.sources.*.serviceAccountToken.audience", "csi.nodePublishSecretRef.name", "csi.volumeAttributes.*");

    private TaskSubstitution() {}

    /** The spec with this pass applied. */
    public static TaskSpec apply(TaskSpec spec, Substitution s) {
        List<StepSpec> steps = spec.steps().stream().map(step -> step(step, s)).toList();
        List<StepSpec> sidecars = spec.sidecars().stream().map(sidecar -> step(sidecar, s)).toList();
        List<Volume> volumes = spec.volumes().stream().map(v -> edit(v, Volume.class, VOLUME, s)).toList();
        List<WorkspaceDeclaration> workspaces = spec.workspaces().stream()
                .map(w -> new WorkspaceDeclaration(w.name(), s.apply(w.mountPath()), w.readOnly(), w.optional(),
                        w.description(), w.node()))
                .toList();
        return new TaskSpec(spec.params(), steps, sidecars, workspaces, spec.results(), volumes, spec.description());
    }

    private static StepSpec step(StepSpec step, Substitution s) {
        return new StepSpec(
                s.apply(step.name()),
                s.apply(step.image()),
                s.applyAll(step.command()),
                s.applyAll(step.args()),
                s.apply(step.script()),
                step.env().stream().map(e -> edit(e, EnvVar.class, ENV, s)).toList(),
                step.envFrom().stream().map(e -> edit(e, EnvFromSource.class, ENV_FROM, s)).toList(),
                s.apply(step.workingDir()),
                step.resources(),
                step.securityContext(),
                step.volumeMounts().stream().map(m -> edit(m, VolumeMount.class, VOLUME_MOUNT, s)).toList(),
                s.apply(step.imagePullPolicy()),
                step.timeout(),
                step.onError(),
                step.passthrough(),
                step.ref(),
                step.node());
    }

    private static <T> T edit(T object, Class<T> type, List<String> paths, Substitution s) {
        @SuppressWarnings("unchecked")
        Map<String, Object> tree = KUBE.convertValue(object, LinkedHashMap.class);
        for (String path : paths) {
            edit(tree, path.split("\\."), 0, s);
        }
        return KUBE.convertValue(tree, type);
    }

    @SuppressWarnings("unchecked")
    private static void edit(Object node, String[] path, int i, Substitution s) {
        String key = path[i];
        boolean last = i == path.length - 1;
        if (node instanceof Map<?, ?> m) {
            Map<String, Object> map = (Map<String, Object>) m;
            for (String k : key.equals("*") ? new ArrayList<>(map.keySet()) : List.of(key)) {
                Object child = map.get(k);
                if (last && child instanceof String text) {
                    map.put(k, s.apply(text));
                } else if (!last && child != null) {
                    edit(child, path, i + 1, s);
                }
            }
        } else if (node instanceof List<?> list && key.equals("*")) {
            for (Object item : list) {
                if (!last) {
                    edit(item, path, i + 1, s);
                }
            }
        }
    }
}
