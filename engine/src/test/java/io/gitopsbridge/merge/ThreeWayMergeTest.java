package io.gitopsbridge.merge;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.schema.CrdSchema;
import io.gitopsbridge.schema.MergeRules;
import io.gitopsbridge.yaml.Trees;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The object a client-side apply leaves, rule by rule, as kubectl's three-way strategic merge computes it from the
 * Kubernetes API's patch metadata (patchMergeKey, patchStrategy merge / retainKeys; other lists atomic).
 */
class ThreeWayMergeTest {
    private static Map<String, Object> yaml(String text) {
        return Trees.map(new org.snakeyaml.engine.v2.api.Load(org.snakeyaml.engine.v2.api.LoadSettings.builder().build())
                .loadFromString(text));
    }

    private static Map<String, Object> merge(String last, String desired, String live) {
        return ThreeWayMerge.threeWay(last == null ? null : yaml(last), yaml(desired), yaml(live));
    }

    @Test
    void roleBindingSubjectsAreAtomicSoAHandAddedSubjectIsDrift() {
        String mine = "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nsubjects: [{kind: User, name: alice}]\n";
        Map<String, Object> merged = merge(mine, mine,
                "apiVersion: rbac.authorization.k8s.io/v1\nkind: RoleBinding\nsubjects: [{kind: User, name: alice}, {kind: User, name: mallory}]\n");
        assertThat(Trees.map(merged).get("subjects")).isEqualTo(yaml(mine).get("subjects"));
    }

    @Test
    void containersEnvPortsAndVolumesMergeByTheirKeysKeepingWhatOthersAdded() {
        String last = """
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - name: app
                    env: [{name: A, value: "1"}, {name: OLD, value: x}]
                    ports: [{containerPort: 8080}]
                  volumes: [{name: data, emptyDir: {}}]
                """;
        String desired = """
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - name: app
                    env: [{name: A, value: "2"}]
                    ports: [{containerPort: 8080, name: http}]
                  volumes: [{name: data, emptyDir: {}}]
                """;
        String live = """
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                  - name: app
                    env: [{name: A, value: "1"}, {name: OLD, value: x}, {name: INJECTED, value: y}]
                    ports: [{containerPort: 8080, protocol: TCP}]
                  - name: istio-proxy
                  volumes: [{name: data, emptyDir: {}}, {name: istio-certs, emptyDir: {}}]
                """;
        Map<String, Object> spec = Trees.map(merge(last, desired, live).get("spec"));
        assertThat(spec).isEqualTo(yaml("""
                containers:
                - name: app
                  env: [{name: A, value: "2"}, {name: INJECTED, value: y}]
                  ports: [{containerPort: 8080, protocol: TCP, name: http}]
                - name: istio-proxy
                volumes: [{name: data, emptyDir: {}}, {name: istio-certs, emptyDir: {}}]
                """));
    }

    @Test
    void switchingADeploymentToRecreateDropsTheDefaultedRollingUpdate() {
        Map<String, Object> merged = merge(
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: RollingUpdate}}\n",
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: Recreate}}\n",
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}}}\n");
        assertThat(Trees.map(merged.get("spec")).get("strategy")).isEqualTo(Map.of("type", "Recreate"));
    }

    @Test
    void anUnchangedStrategyKeepsTheDefaultedRollingUpdate() {
        Map<String, Object> merged = merge(
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: RollingUpdate}}\n",
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: RollingUpdate}}\n",
                "apiVersion: apps/v1\nkind: Deployment\nspec: {strategy: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%}}}\n");
        assertThat(Trees.map(merged.get("spec")).get("strategy")).as("kubectl sends $retainKeys only with a change")
                .isEqualTo(yaml("v: {type: RollingUpdate, rollingUpdate: {maxSurge: 25%}}").get("v"));
    }

    @Test
    void finalizersMergeAsASetSoAControllersStay() {
        Map<String, Object> merged = merge(
                "apiVersion: v1\nkind: Service\nmetadata: {name: s, finalizers: [example.com/mine]}\n",
                "apiVersion: v1\nkind: Service\nmetadata: {name: s, finalizers: [example.com/mine]}\n",
                "apiVersion: v1\nkind: Service\nmetadata: {name: s, finalizers: [example.com/mine, service.kubernetes.io/load-balancer-cleanup]}\n");
        assertThat(Trees.map(merged.get("metadata")).get("finalizers")).as("patchStrategy merge on a list of strings")
                .isEqualTo(java.util.List.of("example.com/mine", "service.kubernetes.io/load-balancer-cleanup"));
    }

    @Test
    void aVolumeKeepsOnlyTheSourceGitGives() {
        Map<String, Object> merged = merge(null,
                "apiVersion: v1\nkind: Pod\nspec: {volumes: [{name: data, persistentVolumeClaim: {claimName: data}}]}\n",
                "apiVersion: v1\nkind: Pod\nspec: {volumes: [{name: data, emptyDir: {}}]}\n");
        assertThat(Trees.map(merged.get("spec")).get("volumes"))
                .isEqualTo(yaml("v: [{name: data, persistentVolumeClaim: {claimName: data}}]").get("v"));
    }

    @Test
    void atomicListsTakeGitsValueKeepingServerDefaultsInsideUnchangedItems() {
        Map<String, Object> tolerations = merge(null,
                "apiVersion: v1\nkind: Pod\nspec: {tolerations: [{key: a, operator: Exists}]}\n",
                "apiVersion: v1\nkind: Pod\nspec: {tolerations: [{key: a, operator: Exists}, {key: b, operator: Exists}]}\n");
        assertThat(Trees.map(tolerations.get("spec")).get("tolerations"))
                .as("an atomic list takes Git's value: an added item is drift").isEqualTo(yaml("v: [{key: a, operator: Exists}]").get("v"));
        Map<String, Object> defaulted = merge(null,
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {ingress: [{ports: [{port: 80}]}]}\n",
                "apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nspec: {ingress: [{ports: [{port: 80, protocol: TCP}]}]}\n");
        assertThat(Trees.map(defaulted.get("spec")).get("ingress")).as("a server default inside an unchanged item is not")
                .isEqualTo(yaml("v: [{ports: [{port: 80, protocol: TCP}]}]").get("v"));
        Map<String, Object> widget = merge(null,
                "apiVersion: example.com/v1\nkind: Widget\nspec: {items: [{name: a, size: 1}]}\n",
                "apiVersion: example.com/v1\nkind: Widget\nspec: {items: [{name: a, size: 1, extra: 2}, {name: b}]}\n");
        assertThat(Trees.map(widget.get("spec")).get("items")).as("a custom resource's list is atomic, as kubectl and Argo CD patch it")
                .isEqualTo(yaml("v: [{name: a, size: 1}]").get("v"));
    }


    @Test
    void aCrdsListTypesDecideHowItsListsMerge() {
        MergeRules rules = MergeRules.structural(CrdSchema.of(yaml(io.gitopsbridge.testing.TestCrds.GADGET), "v1"));
        Map<String, Object> merged = ThreeWayMerge.threeWay(null,
                yaml("apiVersion: example.com/v1\nkind: Gadget\nspec: {parts: [{name: a, slot: 1, tags: [x]}], steps: [one]}\n"),
                yaml("apiVersion: example.com/v1\nkind: Gadget\nspec: {parts: [{name: a, slot: 1, tags: [y], extra: 1},"
                        + " {name: a, slot: 2}], steps: [one, two]}\n"),
                rules);
        assertThat(Trees.map(merged.get("spec"))).as("map lists by their composite keys, sets by value, other lists atomic")
                .isEqualTo(yaml("{parts: [{name: a, slot: 1, tags: [x, y], extra: 1}, {name: a, slot: 2}], steps: [one]}"));
        assertThat(CrdSchema.of(yaml(io.gitopsbridge.testing.TestCrds.GADGET), "v2").field(java.util.List.of("spec", "parts"))).isEmpty();
    }
}
