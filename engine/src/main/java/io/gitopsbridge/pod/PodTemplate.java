package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;
import java.util.Map;

/**
 * Pod-level settings copied onto every Task Pod, as Tekton's pod template does.
 *
 * @param nodeSelector node labels the Pod must land on
 * @param tolerations taints it tolerates
 * @param affinity node and Pod affinity, or {@code null}
 * @param securityContext the Pod security context, or {@code null}; a step's own wins for that step
 * @param serviceAccountName the service account, or {@code null} for the namespace's default
 * @param imagePullSecrets names of Secrets for pulling images
 * @param runtimeClassName or {@code null}
 * @param priorityClassName or {@code null}
 */
public record PodTemplate(
        Map<String, String> nodeSelector,
        List<Toleration> tolerations,
        Affinity affinity,
        PodSecurityContext securityContext,
        String serviceAccountName,
        List<String> imagePullSecrets,
        String runtimeClassName,
        String priorityClassName) {

    public static final PodTemplate NONE = new PodTemplate(Map.of(), List.of(), null, null, null, List.of(), null, null);

    public PodTemplate {
        nodeSelector = Map.copyOf(nodeSelector);
        tolerations = List.copyOf(tolerations);
        imagePullSecrets = List.copyOf(imagePullSecrets);
    }
}
