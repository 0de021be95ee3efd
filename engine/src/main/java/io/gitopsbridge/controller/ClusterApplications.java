package io.gitopsbridge.controller;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
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

    /** Every Application of the namespace that reads; one that does not is logged and left out, not the others. */
    @Override
    public List<Application> list() {
        List<Application> apps = new java.util.ArrayList<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(Application.RESOURCE).inNamespace(namespace).list()
                .getItems()) {
            parse(r).ifPresent(apps::add);
        }
        apps.sort(java.util.Comparator.comparing(Application::name));
        return apps;
    }

    /**
     * Tells {@code controller} of every Application added, edited or deleted from now on (a watch, re-listed every
     * {@code resync} as an informer does); close the returned watch to stop.
     */
    public AutoCloseable watch(Controller controller, java.time.Duration resync) {
        SharedIndexInformer<GenericKubernetesResource> informer = client.genericKubernetesResources(Application.RESOURCE)
                .inNamespace(namespace).inform(new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(GenericKubernetesResource r) {
                        // An edit that no longer reads stops the reconciling of the spec before it, as a deletion.
                        parse(r).ifPresentOrElse(controller::changed, () -> controller.deleted(r.getMetadata().getName()));
                    }

                    @Override
                    public void onUpdate(GenericKubernetesResource before, GenericKubernetesResource after) {
                        onAdd(after);
                    }

                    @Override
                    public void onDelete(GenericKubernetesResource r, boolean finalStateUnknown) {
                        controller.deleted(r.getMetadata().getName());
                    }
                }, resync.toMillis());
        return informer::close;
    }

    private java.util.Optional<Application> parse(GenericKubernetesResource r) {
        String where = "Application " + namespace + "/" + r.getMetadata().getName();
        try {
            return java.util.Optional.of(Application.fromObject(client.getKubernetesSerialization().convertValue(r, Map.class), where));
        } catch (io.gitopsbridge.yaml.YamlException e) {
            log.accept("Warning: " + where + " is not reconciled: " + e.getMessage());
            return java.util.Optional.empty();
        }
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
