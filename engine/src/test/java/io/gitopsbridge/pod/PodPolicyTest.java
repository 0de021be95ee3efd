package io.gitopsbridge.pod;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.tekton.Task;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A cluster's limits on Task Pods, checked on the Pod a Task becomes: the Pod Security Standards' baseline profile. */
class PodPolicyTest {
    private static final PodPolicy BASELINE = new PodPolicy("prod", Set.of("ci", "builds"), Set.of("builder"),
            PodPolicy.Level.BASELINE);

    private static PodBuilder builder(PodPolicy policy) {
        return new PodBuilder(PodOptions.defaults().withPolicy(policy));
    }

    @Test
    void aPodWithHostAccessIsRefusedNamingEachField() {
        Task task = PodBuilderTest.task("""
                steps:
                  - name: build
                    image: docker:27
                    securityContext: {privileged: true, capabilities: {add: [NET_ADMIN, CHOWN]}}
                  - name: push
                    image: alpine
                    securityContext: {seccompProfile: {type: Unconfined}}
                volumes:
                  - name: docker
                    hostPath: {path: /var/run/docker.sock}
                """);
        assertThatThrownBy(() -> builder(BASELINE).build(PodBuilderTest.run(task, Map.of()), 0, "uid"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cluster 'prod' allows only Pods that meet the Pod Security Standards' baseline profile; Pod"
                        + " demo-run-pod has hostPath volume 'docker' (/var/run/docker.sock), container 'step-build':"
                        + " privileged, container 'step-build': capability NET_ADMIN, container 'step-push': seccompProfile"
                        + " Unconfined. An administrator can allow privileged Pods on the cluster (Pod security: privileged).");

        assertThat(builder(new PodPolicy("prod", Set.of(), Set.of(), PodPolicy.Level.PRIVILEGED))
                .build(PodBuilderTest.run(task, Map.of()), 0, "uid").getSpec().getVolumes())
                .anyMatch(v -> v.getHostPath() != null);
    }

    @Test
    void anUnconfinedAppArmorAnnotationIsRefused() {
        Task task = PodBuilderTest.task("steps: [{name: a, image: alpine}]");
        TaskRunRequest unconfined = PodBuilderTest.run(task, Map.of()).withMetadata(Map.of(),
                Map.of("container.apparmor.security.beta.kubernetes.io/step-a", "unconfined"));
        assertThatThrownBy(() -> builder(BASELINE).build(unconfined, 0, "uid"))
                .hasMessageContaining("has annotation container.apparmor.security.beta.kubernetes.io/step-a: unconfined");
        TaskRunRequest confined = PodBuilderTest.run(task, Map.of()).withMetadata(Map.of(),
                Map.of("container.apparmor.security.beta.kubernetes.io/step-a", "runtime/default"));
        assertThat(builder(BASELINE).build(confined, 0, "uid").getMetadata().getName()).isEqualTo("demo-run-pod");
    }

    @Test
    void defaultCapabilitiesAndRuntimeDefaultSeccompMeetTheBaseline() {
        Task task = PodBuilderTest.task("""
                steps:
                  - name: build
                    image: gcr.io/kaniko-project/executor:v1.23.2
                    securityContext: {runAsUser: 0, capabilities: {add: [CHOWN, SETUID, SETGID]}, seccompProfile: {type: RuntimeDefault}}
                """);
        assertThat(builder(BASELINE).build(PodBuilderTest.run(task, Map.of()), 0, "uid").getSpec().getInitContainers())
                .isNotNull();
    }

    @Test
    void namespacesAndServiceAccountsAreTheAdministratorsChoice() {
        Task task = PodBuilderTest.task("steps: [{name: a, image: alpine}]");
        TaskRunRequest elsewhere = TaskRunRequest.of("demo-run", "kube-system", task, Map.of());
        assertThatThrownBy(() -> builder(BASELINE).build(elsewhere, 0, "uid"))
                .hasMessage("Cluster 'prod' does not allow namespace 'kube-system' (allowed: builds, ci)");

        TaskRunRequest admin = PodBuilderTest.run(task, Map.of()).withPodTemplate(new PodTemplate(Map.of(), List.of(), null,
                null, "cluster-admin", List.of(), null, null));
        assertThatThrownBy(() -> builder(BASELINE).build(admin, 0, "uid"))
                .hasMessage("Cluster 'prod' does not allow service account 'cluster-admin' (allowed: builder)");
        TaskRunRequest builderAccount = PodBuilderTest.run(task, Map.of()).withPodTemplate(new PodTemplate(Map.of(), List.of(),
                null, null, "builder", List.of(), null, null));
        assertThat(builder(BASELINE).build(builderAccount, 0, "uid").getSpec().getServiceAccountName()).isEqualTo("builder");
    }
}
