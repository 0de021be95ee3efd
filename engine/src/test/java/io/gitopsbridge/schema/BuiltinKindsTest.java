package io.gitopsbridge.schema;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The built-in table read as kubectl reads the API's patch metadata, one rule of the Kubernetes types per line. */
@Timeout(30)
class BuiltinKindsTest {
    private static MergeRules.ListRule list(String apiVersion, String kind, String path) {
        return MergeRules.builtin(apiVersion, kind).list(List.of(path.split("\\.")));
    }

    private static MergeRules.ListRule keyed(String... keys) {
        return new MergeRules.ListRule(MergeRules.ListKind.KEYED, List.of(keys));
    }

    @Test
    void podTemplatesListsMergeByTheirPatchMergeKeysWhereverTheTemplateIs() {
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.containers")).isEqualTo(keyed("name"));
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.containers.env")).isEqualTo(keyed("name"));
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.containers.ports")).isEqualTo(keyed("containerPort"));
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.containers.volumeMounts")).isEqualTo(keyed("mountPath"));
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.volumes")).isEqualTo(keyed("name"));
        assertThat(list("apps/v1", "StatefulSet", "spec.template.spec.initContainers")).isEqualTo(keyed("name"));
        assertThat(list("batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec.containers")).isEqualTo(keyed("name"));
        assertThat(list("v1", "Pod", "spec.ephemeralContainers.env")).as("through the embedded EphemeralContainerCommon")
                .isEqualTo(keyed("name"));
        assertThat(list("v1", "Pod", "spec.topologySpreadConstraints")).as("SMP's single key, not the list-map keys")
                .isEqualTo(keyed("topologyKey"));
    }

    @Test
    void listsWithoutAPatchStrategyAreAtomic() {
        assertThat(list("rbac.authorization.k8s.io/v1", "RoleBinding", "subjects").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
        assertThat(list("rbac.authorization.k8s.io/v1", "ClusterRole", "rules").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
        assertThat(list("v1", "Pod", "spec.tolerations").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
        assertThat(list("apps/v1", "Deployment", "spec.template.spec.containers.args").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
        assertThat(list("apps/v1", "StatefulSet", "spec.volumeClaimTemplates").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
        assertThat(list("networking.k8s.io/v1", "NetworkPolicy", "spec.ingress").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
    }

    @Test
    void everyKindOfTheTableIsFoundUnderItsApiGroup() throws Exception {
        try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(
                BuiltinKinds.class.getResourceAsStream("builtin-kinds.tsv"), java.nio.charset.StandardCharsets.UTF_8)).lines()) {
            List<String[]> kinds = lines.filter(l -> l.startsWith("KIND\t")).map(l -> l.split("\t")).toList();
            assertThat(kinds).hasSizeGreaterThan(50);
            for (String[] k : kinds) {
                String[] gv = k[1].split("/");
                assertThat(MergeRules.isBuiltin(gv[0])).as(k[1]).isTrue();
                assertThat(BuiltinKinds.schema().of(gv[0], gv[1], k[2])).as(k[1] + " " + k[2]).isPresent();
            }
        }
        assertThat(list("networking.k8s.io/v1", "Ingress", "metadata.finalizers").kind()).isEqualTo(MergeRules.ListKind.SET);
    }

    @Test
    void olderVersionsOfABuiltInKindHaveTheListedVersionsRules() {
        assertThat(list("batch/v1beta1", "CronJob", "spec.jobTemplate.spec.template.spec.containers")).isEqualTo(keyed("name"));
        assertThat(list("extensions/v1beta1", "Deployment", "spec.template.spec.volumes")).isEqualTo(keyed("name"));
        assertThat(list("apps/v1beta2", "Nonexistent", "spec.containers").kind()).isEqualTo(MergeRules.ListKind.ATOMIC);
    }

    @Test
    void kindSpecificKeysStrategiesAndMetadata() {
        assertThat(list("v1", "Service", "spec.ports")).isEqualTo(keyed("port"));
        assertThat(list("v1", "ServiceAccount", "secrets")).isEqualTo(keyed("name"));
        assertThat(list("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", "webhooks")).isEqualTo(keyed("name"));
        assertThat(list("apps/v1", "Deployment", "metadata.ownerReferences")).isEqualTo(keyed("uid"));
        assertThat(list("apps/v1", "Deployment", "metadata.finalizers").kind()).isEqualTo(MergeRules.ListKind.SET);
        assertThat(list("example.com/v1", "Widget", "metadata.finalizers").kind()).as("every kind's metadata is ObjectMeta")
                .isEqualTo(MergeRules.ListKind.SET);
        assertThat(list("example.com/v1", "Widget", "spec.containers").kind()).as("a custom resource without a schema")
                .isEqualTo(MergeRules.ListKind.ATOMIC);

        MergeRules deployment = MergeRules.builtin("apps/v1", "Deployment");
        assertThat(deployment.retainsKeys(List.of("spec", "strategy"))).isTrue();
        assertThat(deployment.retainsKeys(List.of("spec", "template", "spec", "volumes"))).as("merge,retainKeys").isTrue();
        assertThat(MergeRules.builtin("apps/v1", "DaemonSet").retainsKeys(List.of("spec", "updateStrategy"))).isFalse();
        assertThat(MergeRules.builtin("policy/v1", "PodDisruptionBudget").replaces(List.of("spec", "selector"))).isTrue();
    }
}
