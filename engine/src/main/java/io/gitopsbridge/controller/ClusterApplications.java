package io.gitopsbridge.controller;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The Application objects of one namespace of a cluster, as Argo CD keeps them, with each status written back to its
 * object's {@code .status} in Argo CD's shape (a patch of {@code status} alone, so the spec someone edits at the same
 * time is not overwritten; Argo CD's Application CRD has no status subresource).
 */
public final class ClusterApplications implements Controller.Applications {
    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<String> log;

    public ClusterApplications(KubernetesClient client, String namespace, Consumer<String> log) {
        this.client = client;
        this.namespace = namespace;
        this.log = log;
    }

    @Override
    public List<Application> list() {
        return Application.list(client, namespace);
    }

    @Override
    public void saveStatus(Application app, ApplicationStatus status) {
        // A JSON patch that sets status whole: a merge patch would merge its lists into those of the last status.
        String patch = client.getKubernetesSerialization().asJson(List.of(Map.of("op", "add", "path", "/status",
                "value", status.toMap())));
        try {
            client.genericKubernetesResources(Application.RESOURCE).inNamespace(namespace).withName(app.name())
                    .patch(PatchContext.of(PatchType.JSON), patch);
        } catch (KubernetesClientException e) {
            // The Application was deleted, or this controller may not write it: the next refresh tries again.
            log.accept("Warning: could not write the status of Application " + namespace + "/" + app.name() + ": "
                    + e.getMessage());
        }
    }
}
