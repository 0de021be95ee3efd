package io.gitopsbridge.kube;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.DeletionPropagation;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceList;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.FieldValidateable;
import io.fabric8.kubernetes.client.dsl.MixedOperation;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@link Resources} over a fabric8 client. Types come from discovery, cached per group version; when discovery says
 * nothing about a group version (restricted discovery), the client's own model of built-in kinds answers.
 */
public final class ClientResources implements Resources {
    private final KubernetesClient client;
    private final Map<String, Optional<List<APIResource>>> discovery;
    private final boolean dryRun;

    public ClientResources(KubernetesClient client) {
        this(client, new ConcurrentHashMap<>(), false);
    }

    private ClientResources(KubernetesClient client, Map<String, Optional<List<APIResource>>> discovery, boolean dryRun) {
        this.client = client;
        this.discovery = discovery;
        this.dryRun = dryRun;
    }

    @Override
    public Resources serverDryRun() {
        return new ClientResources(client, discovery, true);
    }

    @Override
    public Optional<ResourceType> type(String apiVersion, String kind) {
        String group = ResourceKey.group(apiVersion);
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        Optional<List<APIResource>> served = discovery.computeIfAbsent(apiVersion, this::discover);
        if (served.isPresent()) {
            return served.get().stream()
                    .filter(r -> kind.equals(r.getKind()) && r.getName() != null && !r.getName().contains("/"))
                    .findFirst()
                    .map(r -> new ResourceType(group, version, kind, r.getName(), Boolean.TRUE.equals(r.getNamespaced())));
        }
        Class<? extends KubernetesResource> model = client.getKubernetesSerialization().getRegisteredKubernetesResource(apiVersion, kind);
        if (model == null || !HasMetadata.class.isAssignableFrom(model) || GenericKubernetesResource.class.equals(model)) {
            return Optional.empty();
        }
        ResourceDefinitionContext c = ResourceDefinitionContext.fromResourceType(model);
        return Optional.of(new ResourceType(group, version, kind, c.getPlural(), c.isNamespaceScoped()));
    }

    @Override
    public Optional<String> read(String path) {
        try {
            return Optional.ofNullable(client.raw(client.getMasterUrl().toString().replaceFirst("/+$", "") + path));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 401 || e.getCode() == 403 || e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public void refreshTypes() {
        discovery.clear();
    }

    private Optional<List<APIResource>> discover(String apiVersion) {
        try {
            APIResourceList list = client.getApiResources(apiVersion);
            if (list == null || list.getResources() == null || list.getResources().isEmpty()
                    || list.getResources().stream().allMatch(r -> r.getKind() == null)) {
                return Optional.empty();
            }
            return Optional.of(List.copyOf(list.getResources()));
        } catch (KubernetesClientException e) {
            if (e.getCode() == 404) {
                return Optional.of(List.of());
            }
            throw e;
        }
    }

    @Override
    public List<Map<String, Object>> list(ResourceType type, String namespace) {
        MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op = op(type);
        GenericKubernetesResourceList list = !type.namespaced() ? op.list()
                : namespace == null ? op.inAnyNamespace().list() : op.inNamespace(namespace).list();
        List<Map<String, Object>> out = new ArrayList<>(list.getItems().size());
        for (GenericKubernetesResource r : list.getItems()) {
            Map<String, Object> m = tree(r);
            m.putIfAbsent("apiVersion", type.apiVersion());
            m.putIfAbsent("kind", type.kind());
            out.add(m);
        }
        return out;
    }

    @Override
    public Optional<Map<String, Object>> get(ResourceType type, String namespace, String name) {
        GenericKubernetesResource r = resource(type, namespace, name).get();
        return Optional.ofNullable(r == null ? null : tree(r));
    }

    @Override
    public Map<String, Object> create(ResourceType type, Map<String, Object> object, Validation validation) {
        GenericKubernetesResource r = generic(object);
        return tree(op(type).resource(r).dryRun(dryRun).fieldValidation(level(validation)).create());
    }

    @Override
    public Map<String, Object> patch(ResourceType type, String namespace, String name, List<Map<String, Object>> operations,
            Validation validation) {
        String json = client.getKubernetesSerialization().asJson(operations);
        return tree(resource(type, namespace, name).dryRun(dryRun).fieldValidation(level(validation))
                .patch(PatchContext.of(PatchType.JSON), json));
    }

    @Override
    public Map<String, Object> replace(ResourceType type, Map<String, Object> object, Validation validation) {
        GenericKubernetesResource r = generic(object);
        return tree(op(type).resource(r).dryRun(dryRun).fieldValidation(level(validation)).update());
    }

    @Override
    public Map<String, Object> apply(ResourceType type, Map<String, Object> object, String fieldManager, boolean force) {
        GenericKubernetesResource r = generic(object);
        var apply = op(type).resource(r).dryRun(dryRun).fieldManager(fieldManager);
        return tree(force ? apply.forceConflicts().serverSideApply() : apply.serverSideApply());
    }

    @Override
    public boolean delete(ResourceType type, String namespace, String name, Propagation propagation) {
        DeletionPropagation p = switch (propagation) {
            case FOREGROUND -> DeletionPropagation.FOREGROUND;
            case BACKGROUND -> DeletionPropagation.BACKGROUND;
            case ORPHAN -> DeletionPropagation.ORPHAN;
        };
        return !resource(type, namespace, name).dryRun(dryRun).withPropagationPolicy(p).delete().isEmpty();
    }

    private MixedOperation<GenericKubernetesResource, GenericKubernetesResourceList, Resource<GenericKubernetesResource>> op(
            ResourceType type) {
        return client.genericKubernetesResources(new ResourceDefinitionContext.Builder().withGroup(type.group())
                .withVersion(type.version()).withKind(type.kind()).withPlural(type.plural()).withNamespaced(type.namespaced())
                .build());
    }

    private Resource<GenericKubernetesResource> resource(ResourceType type, String namespace, String name) {
        var op = op(type);
        return type.namespaced() ? op.inNamespace(namespace).withName(name) : op.withName(name);
    }

    private static FieldValidateable.Validation level(Validation v) {
        return v == Validation.IGNORE ? FieldValidateable.Validation.IGNORE : FieldValidateable.Validation.STRICT;
    }

    private GenericKubernetesResource generic(Map<String, Object> object) {
        return client.getKubernetesSerialization().convertValue(object, GenericKubernetesResource.class);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> tree(GenericKubernetesResource r) {
        return client.getKubernetesSerialization().convertValue(r, Map.class);
    }
}
