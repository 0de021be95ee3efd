package io.gitopsbridge.app;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.gitopsbridge.yaml.YamlNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Where an engine finds the AppProjects its applications name. */
public interface Projects {
    /** The project named, if it exists; a missing {@code default} is Argo CD's default, which permits everything. */
    Optional<AppProject> get(String name);

    /** Why the project named cannot be used (it is stored but does not read), if so. */
    default Optional<String> problem(String name) {
        return Optional.empty();
    }

    /** Whether projects are enforced at all. */
    default boolean enforced() {
        return true;
    }

    /** No project source configured: nothing is enforced (the engine says so when an application names a project). */
    Projects UNENFORCED = new Projects() {
        @Override
        public Optional<AppProject> get(String name) {
            return Optional.of(AppProject.DEFAULT);
        }

        @Override
        public boolean enforced() {
            return false;
        }
    };

    /** These projects. */
    static Projects of(List<AppProject> projects) {
        return of(projects, Map.of());
    }

    /** These projects, and those that are stored but do not read, by name, with why. */
    static Projects of(List<AppProject> projects, Map<String, String> invalid) {
        Map<String, AppProject> byName = new LinkedHashMap<>();
        projects.forEach(p -> byName.put(p.name(), p));
        Map<String, String> problems = Map.copyOf(invalid);
        return new Projects() {
            @Override
            public Optional<AppProject> get(String name) {
                return Optional.ofNullable(byName.get(name)).or(() -> name.equals("default") && !problems.containsKey(name)
                        ? Optional.of(AppProject.DEFAULT) : Optional.empty());
            }

            @Override
            public Optional<String> problem(String name) {
                return Optional.ofNullable(problems.get(name)).map(p -> "AppProject " + name + " cannot be used: " + p);
            }
        };
    }

    ResourceDefinitionContext RESOURCE = new ResourceDefinitionContext.Builder().withGroup("argoproj.io").withVersion("v1alpha1")
            .withKind("AppProject").withPlural("appprojects").withNamespaced(true).build();

    /** The AppProject objects of {@code namespace} of a cluster (Argo CD keeps them with its Applications), as they are now. */
    @SuppressWarnings("unchecked")
    static Projects fromCluster(KubernetesClient client, String namespace) {
        List<AppProject> projects = new java.util.ArrayList<>();
        Map<String, String> invalid = new LinkedHashMap<>();
        for (GenericKubernetesResource r : client.genericKubernetesResources(RESOURCE).inNamespace(namespace).list().getItems()) {
            read(client, namespace, r, projects, invalid);
        }
        return of(projects, invalid);
    }

    /**
     * The AppProject objects of {@code namespace}, each read when an operation asks for it, so that a long-running
     * controller enforces a project as it is edited (Argo CD reads projects from its informer at each operation).
     */
    static Projects live(KubernetesClient client, String namespace) {
        return new Projects() {
            private Projects now(String name) {
                GenericKubernetesResource r = client.genericKubernetesResources(RESOURCE).inNamespace(namespace).withName(name).get();
                List<AppProject> projects = new java.util.ArrayList<>();
                Map<String, String> invalid = new LinkedHashMap<>();
                if (r != null) {
                    read(client, namespace, r, projects, invalid);
                }
                return of(projects, invalid);
            }

            @Override
            public Optional<AppProject> get(String name) {
                return now(name).get(name);
            }

            @Override
            public Optional<String> problem(String name) {
                return now(name).problem(name);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static void read(KubernetesClient client, String namespace, GenericKubernetesResource r, List<AppProject> projects,
            Map<String, String> invalid) {
        try {
            projects.add(AppProject.of(YamlNode.of("AppProject " + namespace + "/" + r.getMetadata().getName(),
                    client.getKubernetesSerialization().convertValue(r, Map.class))));
        } catch (RuntimeException e) {
            // One project that does not read refuses only the applications that name it.
            invalid.put(r.getMetadata().getName(), e.getMessage());
        }
    }
}
