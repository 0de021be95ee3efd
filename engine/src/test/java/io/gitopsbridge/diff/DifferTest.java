package io.gitopsbridge.diff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.app.IgnoreDifference;
import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

class DifferTest {
    private static Map<String, Object> yaml(String text) {
        return Trees.map(new Load(LoadSettings.builder().build()).loadFromString(text));
    }

    @Test
    void quantitiesAndNumbersCompareByValue() {
        assertThat(Normalizer.quantity("1000m")).isEqualTo("1");
        assertThat(Normalizer.quantity("3072Mi")).isEqualTo(Normalizer.quantity("3Gi"));
        assertThat(Normalizer.quantity("0.5")).isEqualTo(Normalizer.quantity("500m"));
        assertThat(Normalizer.quantity("lots")).isEqualTo("lots");
        assertThat(Trees.same(Map.of("a", 1), Map.of("a", 1.0))).isTrue();
        assertThat(Trees.same(List.of(1, 2), List.of(2, 1))).isFalse();
    }

    @Test
    void injectedSidecarsAndDefaultsSurviveButFieldsTheLastApplyOwnedAreRemoved() {
        Map<String, Object> last = yaml("{apiVersion: v1, kind: Pod, spec: {containers: [{name: app, image: a:1, args: [x]}], paused: false}}");
        Map<String, Object> desired = yaml("{apiVersion: v1, kind: Pod, spec: {containers: [{name: app, image: a:2}]}}");
        Map<String, Object> live = yaml("""
                apiVersion: v1
                kind: Pod
                spec:
                  paused: false
                  containers:
                    - {name: app, image: a:1, args: [x], imagePullPolicy: IfNotPresent}
                    - {name: istio-proxy, image: proxy:1}
                """);
        assertThat(io.gitopsbridge.merge.ThreeWayMerge.threeWay(last, desired, live)).isEqualTo(yaml("""
                apiVersion: v1
                kind: Pod
                spec:
                  containers:
                    - {name: app, image: a:2, imagePullPolicy: IfNotPresent}
                    - {name: istio-proxy, image: proxy:1}
                """));
    }

    @Test
    void ignoreDifferencesTakesPointersJqPathsAndManagedFields() {
        Map<String, Object> live = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations: {"example.com/a/b": x}
                  managedFields:
                    - manager: kube-controller-manager
                      fieldsV1: {"f:spec": {"f:replicas": {}}}
                    - manager: vpa
                      fieldsV1: {"f:spec": {"f:template": {"f:spec": {"f:containers": {"k:{\\"name\\":\\"app\\"}": {"f:resources": {".": {}}}}}}}}
                spec:
                  replicas: 5
                  template:
                    spec:
                      containers:
                        - {name: app, image: a:1, resources: {limits: {cpu: "2"}}}
                        - {name: log, image: l:2}
                """);
        Map<String, Object> desired = yaml("""
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  annotations: {"example.com/a/b": y}
                spec:
                  replicas: 1
                  template:
                    spec:
                      containers:
                        - {name: app, image: a:1, resources: {limits: {cpu: "1"}}}
                        - {name: log, image: l:1}
                """);
        assertThat(Differ.compare(desired, live, Ignores.NONE, "web").modified()).isTrue();
        Ignores ignores = Ignores.of(List.of(
                new IgnoreDifference("apps", "Deployment", null, null, List.of("/metadata/annotations/example.com~1a~1b"),
                        List.of(".spec.template.spec.containers[] | select(.name == \"log\") | .image"),
                        List.of("kube-controller-manager", "vpa"))));
        assertThat(Differ.compare(desired, live, ignores, "web").modified()).isFalse();
        Ignores otherKind = Ignores.of(List.of(new IgnoreDifference("", "Service", null, null, List.of("/spec"), List.of(), List.of())));
        assertThat(Differ.compare(desired, live, otherKind, "web").modified()).isTrue();
    }

    @Test
    void unreadableIgnoreEntriesAreNamed() {
        assertThatThrownBy(() -> Ignores.of(List.of(new IgnoreDifference("", "ConfigMap", null, null, List.of(), List.of(".data | keys"),
                List.of())))).hasMessage("spec.ignoreDifferences[0]: jq path '.data | keys': cannot read 'keys' (supported: .field,"
                        + " .\"field\", [], [N], select(.field == value))");
        assertThatThrownBy(() -> FieldPath.pointer("spec/replicas")).hasMessage("JSON pointer 'spec/replicas' must start with /");
    }

    @Test
    void theUnifiedDiffHasHunksWithContextAndMasksSecretValues() {
        String before = "a\nb\nc\nd\ne\nf\ng\nh\ni\nj\n";
        String after = "a\nb\nc\nD\ne\nf\ng\nh\ni\nj\nk\n";
        assertThat(UnifiedDiff.of("x", before, "y", after)).isEqualTo("""
                --- x
                +++ y
                @@ -1,10 +1,11 @@
                 a
                 b
                 c
                -d
                +D
                 e
                 f
                 g
                 h
                 i
                 j
                +k
                """);
        Map<String, Object> live = yaml("{apiVersion: v1, kind: Secret, metadata: {name: s}, data: {user: YWRtaW4=, pass: Y2FuYXJ5LXRva2VuLTE=}}");
        Map<String, Object> desired = yaml("{apiVersion: v1, kind: Secret, metadata: {name: s}, stringData: {user: admin, pass: canary-token-2}}");
        String diff = Differ.compare(desired, live, Ignores.NONE, "Secret s").unified();
        assertThat(diff).contains("-  pass: '--------'", "+  pass: +++++++++++", "   user: ++++++++")
                .doesNotContain("canary", "Y2FuYXJ5", "YWRtaW4=", "admin");
    }
}
