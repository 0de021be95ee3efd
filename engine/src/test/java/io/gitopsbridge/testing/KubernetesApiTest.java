package io.gitopsbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class KubernetesApiTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    @Test
    void argoApplicationsAreServedAsCustomResources() {
        var apps = api.client().genericKubernetesResources("argoproj.io/v1alpha1", "Application").inNamespace("argocd");
        apps.resource(app("guestbook", "team-a")).create();
        apps.resource(app("billing", "team-b")).create();

        assertThat(apps.list().getItems()).extracting(r -> r.getMetadata().getName())
                .containsExactlyInAnyOrder("guestbook", "billing");
        assertThat(apps.withLabel("team", "team-b").list().getItems()).extracting(r -> r.getMetadata().getName())
                .containsExactly("billing");
        GenericKubernetesResource stored = apps.withName("guestbook").get();
        assertThat(stored.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(stored.<String>get("spec", "destination", "namespace")).isEqualTo("guestbook");
    }

    @Test
    void tektonKindsAreServedInV1() {
        var tasks = api.client().genericKubernetesResources("tekton.dev/v1", "Task").inNamespace("ci");
        tasks.resource(new GenericKubernetesResourceBuilder()
                        .withApiVersion("tekton.dev/v1")
                        .withKind("Task")
                        .withNewMetadata()
                        .withName("echo")
                        .endMetadata()
                        .withAdditionalProperties(Map.of("spec", Map.of("steps", java.util.List.of(
                                Map.of("name", "say", "image", "alpine", "script", "echo hi")))))
                        .build())
                .create();

        assertThat(tasks.withName("echo").get().<String>get("spec", "steps", 0, "script")).isEqualTo("echo hi");
        assertThat(api.client().apiextensions().v1().customResourceDefinitions().list().getItems())
                .extracting(c -> c.getMetadata().getName())
                .contains("applications.argoproj.io", "appprojects.argoproj.io", "tasks.tekton.dev",
                        "taskruns.tekton.dev", "pipelines.tekton.dev", "pipelineruns.tekton.dev");
    }

    @Test
    void aCrdWrittenIsEstablishedAsTheApiServersControllersEstablishIt() {
        var crds = api.client().apiextensions().v1().customResourceDefinitions();
        var created = crds.resource(io.fabric8.kubernetes.client.utils.Serialization.unmarshal(TestCrds.GADGET,
                        io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class)).create();

        assertThat(created.getStatus().getConditions()).extracting(c -> c.getType() + "=" + c.getStatus())
                .containsExactly("NamesAccepted=True", "Established=True");
        assertThat(crds.withName("gadgets.example.com").get().getStatus().getConditions()).hasSize(2);
        assertThat(created.getSpec().getNames().getKind()).isEqualTo("Gadget");
        crds.withName("gadgets.example.com").delete();
    }

    @Test
    void reportsAKubernetesVersion() {
        assertThat(api.client().getKubernetesVersion().getGitVersion()).isEqualTo(KubernetesApi.GIT_VERSION);
    }

    private static GenericKubernetesResource app(String name, String team) {
        return new GenericKubernetesResourceBuilder()
                .withApiVersion("argoproj.io/v1alpha1")
                .withKind("Application")
                .withNewMetadata()
                .withName(name)
                .withLabels(Map.of("team", team))
                .endMetadata()
                .withAdditionalProperties(Map.of("spec", Map.of(
                        "project", "default",
                        "source", Map.of("repoURL", "https://git.example.com/config.git", "path", name),
                        "destination", Map.of("server", "https://kubernetes.default.svc", "namespace", name))))
                .build();
    }
}
