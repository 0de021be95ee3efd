package io.gitopsbridge.health;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class HealthCheckTest {
    @SuppressWarnings("unchecked")
    static Map<String, Object> yaml(String text) {
        return (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
    }

    static HealthStatus status(String text) {
        return HealthCheck.of(yaml(text)).orElseThrow().status();
    }

    static final String DEPLOYMENT = """
            kind: Deployment
            metadata: {name: api, generation: 2}
            spec: {replicas: 3}
            status: {observedGeneration: 2, replicas: 3, updatedReplicas: 3, availableReplicas: %d}
            """;

    @Test
    void deployments() {
        assertThat(status(DEPLOYMENT.formatted(3))).isEqualTo(HealthStatus.HEALTHY);
        assertThat(HealthCheck.of(yaml(DEPLOYMENT.formatted(1))).orElseThrow())
                .isEqualTo(new Health(HealthStatus.PROGRESSING, "Waiting for rollout to finish: 1 of 3 updated replicas are available..."));
        assertThat(status("kind: Deployment\nmetadata: {generation: 3}\nstatus: {observedGeneration: 2}\n")).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(status("kind: Deployment\nspec: {paused: true}\n")).isEqualTo(HealthStatus.SUSPENDED);
        assertThat(status("""
                kind: Deployment
                metadata: {name: api, generation: 1}
                status:
                  observedGeneration: 1
                  conditions: [{type: Progressing, status: "False", reason: ProgressDeadlineExceeded}]
                """)).isEqualTo(HealthStatus.DEGRADED);
    }

    /** The cases of Argo CD's health_test.yaml for its CustomResourceDefinition health customization. */
    @Test
    void customResourceDefinitionsAsArgoCdJudgesThem() {
        String crd = "apiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata: {name: examples.example.io}\n";
        java.util.function.Function<String, Health> health = conditions -> HealthCheck.of(yaml(crd + conditions)).orElseThrow();

        assertThat(health.apply("status: {conditions: [{type: NamesAccepted, status: 'True', message: no conflicts found},"
                + " {type: Established, status: 'True', message: the initial names have been accepted}]}"))
                .isEqualTo(new Health(HealthStatus.HEALTHY, "CRD is healthy"));
        assertThat(health.apply("status: {conditions: [{type: NamesAccepted, status: 'False', message: the initial names have"
                + " not been accepted}, {type: Established, status: 'False', reason: NotAccepted}]}"))
                .isEqualTo(new Health(HealthStatus.DEGRADED, "CRD names have not been accepted: the initial names have not been accepted"));
        assertThat(health.apply("status: {conditions: [{type: NonStructuralSchema, status: 'True', message: 'spec.preserveUnknownFields:"
                + " Invalid value: true: must be false'}, {type: Established, status: 'True'}]}"))
                .isEqualTo(new Health(HealthStatus.DEGRADED, "Schema violations found: spec.preserveUnknownFields: Invalid value: true: must be false"));
        assertThat(health.apply("status: {conditions: [{type: NamesAccepted, status: 'True'}, {type: Established, status: 'False',"
                + " reason: Unknown}]}")).isEqualTo(new Health(HealthStatus.DEGRADED, "CRD is not established"));
        assertThat(health.apply("status: {conditions: [{type: Terminating, status: 'True', message: user has deleted the CRD}]}"))
                .isEqualTo(new Health(HealthStatus.PROGRESSING, "CRD is terminating: user has deleted the CRD"));
        assertThat(health.apply("status: {conditions: []}")).isEqualTo(new Health(HealthStatus.PROGRESSING, "Status conditions not found"));
        assertThat(health.apply("status: {conditions: [{type: NamesAccepted, status: 'True'}, {type: Established, status: 'False',"
                + " reason: Installing, message: the initial names have not been accepted}]}"))
                .isEqualTo(new Health(HealthStatus.PROGRESSING, "CRD is being installed"));
    }

    @Test
    void statefulSetsDaemonSetsReplicaSets() {
        assertThat(status("kind: StatefulSet\nmetadata: {generation: 1}\nspec: {replicas: 2}\nstatus: {observedGeneration: 1, readyReplicas: 2,"
                + " currentRevision: a, updateRevision: a}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: StatefulSet\nmetadata: {generation: 1}\nspec: {replicas: 2}\nstatus: {observedGeneration: 1, readyReplicas: 2,"
                + " currentRevision: a, updateRevision: b}\n")).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(status("kind: StatefulSet\nmetadata: {generation: 1}\nspec: {replicas: 2, updateStrategy: {type: OnDelete}}\n"
                + "status: {observedGeneration: 1, readyReplicas: 2, currentRevision: a, updateRevision: b}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: DaemonSet\nstatus: {desiredNumberScheduled: 3, updatedNumberScheduled: 3, numberAvailable: 2}\n"))
                .isEqualTo(HealthStatus.PROGRESSING);
        assertThat(status("kind: ReplicaSet\nspec: {replicas: 2}\nstatus: {availableReplicas: 2}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: ReplicaSet\nstatus: {conditions: [{type: ReplicaFailure, status: \"True\", message: quota}]}\n"))
                .isEqualTo(HealthStatus.DEGRADED);
    }

    @Test
    void podsJobsCronJobsClaimsServicesIngressesHpas() {
        assertThat(status("kind: Pod\nstatus: {phase: Pending, containerStatuses: [{state: {waiting: {reason: ImagePullBackOff}}}]}\n"))
                .isEqualTo(HealthStatus.DEGRADED);
        assertThat(status("kind: Pod\nspec: {restartPolicy: Always}\nstatus: {phase: Running, conditions: [{type: Ready, status: \"True\"}]}\n"))
                .isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: Pod\nstatus: {phase: Running, containerStatuses: [{restartCount: 4}]}\n")).isEqualTo(HealthStatus.DEGRADED);
        assertThat(status("kind: Pod\nstatus: {phase: Succeeded}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: Job\nstatus: {conditions: [{type: Failed, status: \"True\"}]}\n")).isEqualTo(HealthStatus.DEGRADED);
        assertThat(status("kind: Job\nstatus: {conditions: [{type: Complete, status: \"True\"}]}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: Job\nspec: {suspend: true}\n")).isEqualTo(HealthStatus.SUSPENDED);
        assertThat(status("kind: CronJob\nspec: {suspend: true}\n")).isEqualTo(HealthStatus.SUSPENDED);
        assertThat(status("kind: PersistentVolumeClaim\nstatus: {phase: Pending}\n")).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(status("kind: PersistentVolumeClaim\nstatus: {phase: Lost}\n")).isEqualTo(HealthStatus.DEGRADED);
        assertThat(status("kind: Service\nspec: {type: ClusterIP}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: Service\nspec: {type: LoadBalancer}\nstatus: {loadBalancer: {}}\n")).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(status("kind: Ingress\nstatus: {loadBalancer: {ingress: [{ip: 10.0.0.1}]}}\n")).isEqualTo(HealthStatus.HEALTHY);
        assertThat(status("kind: HorizontalPodAutoscaler\nstatus: {conditions: [{type: ScalingActive, status: \"False\","
                + " reason: FailedGetResourceMetric, message: no metrics}]}\n")).isEqualTo(HealthStatus.DEGRADED);
        assertThat(HealthCheck.of(yaml("apiVersion: argoproj.io/v1alpha1\nkind: Application\nstatus: {health: {status: Degraded}}\n")))
                .as("Argo CD 1.8 stopped assessing a child Application's health").isEmpty();
        assertThat(status("kind: Deployment\nmetadata: {deletionTimestamp: \"2026-01-01T00:00:00Z\"}\n")).isEqualTo(HealthStatus.PROGRESSING);
        assertThat(HealthCheck.of(yaml("kind: ConfigMap\n"))).isEmpty();
    }

    @Test
    void anApplicationIsAsHealthyAsItsWorstResource() {
        List<Map<String, Object>> live = new ArrayList<>();
        live.add(yaml(DEPLOYMENT.formatted(3)));
        live.add(yaml("kind: ConfigMap\nmetadata: {name: c}\n"));
        live.add(null);
        assertThat(HealthCheck.application(live).status()).isEqualTo(HealthStatus.HEALTHY);
        live.add(yaml("kind: Pod\nmetadata: {name: p}\nstatus: {phase: Failed, message: OOMKilled}\n"));
        assertThat(HealthCheck.application(live)).isEqualTo(new Health(HealthStatus.DEGRADED, "Pod/p: OOMKilled"));
        List<Map<String, Object>> ignored = List.of(yaml(DEPLOYMENT.formatted(3)),
                yaml("kind: Job\nmetadata: {name: j, annotations: {argocd.argoproj.io/ignore-healthcheck: \"true\"}}\n"
                        + "status: {conditions: [{type: Failed, status: \"True\"}]}\n"));
        assertThat(HealthCheck.application(ignored).status()).isEqualTo(HealthStatus.HEALTHY);
        List<Map<String, Object>> none = new ArrayList<>();
        none.add(null);
        assertThat(HealthCheck.application(none).status()).isEqualTo(HealthStatus.MISSING);
    }
}
