package io.gitopsbridge.render.kustomize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.MapTree;
import io.gitopsbridge.render.RenderException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Golden tests: for each feature an input tree and the exact output, from kustomize's documented behaviour. */
public class KustomizeTest {
    public static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              replicas: 1
              selector:
                matchLabels:
                  component: api
              template:
                metadata:
                  labels:
                    component: api
                spec:
                  serviceAccountName: api
                  containers:
                  - name: api
                    image: registry.example.com/team/api:1.0.0
                    envFrom:
                    - configMapRef:
                        name: api-config
                    volumeMounts:
                    - name: tls
                      mountPath: /tls
                  volumes:
                  - name: tls
                    secret:
                      secretName: api-tls
            """;
    static final String SERVICE = """
            apiVersion: v1
            kind: Service
            metadata:
              name: api
            spec:
              selector:
                component: api
              ports:
              - port: 80
                targetPort: 8080
            """;
    static final String SERVICE_ACCOUNT = "apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: api\n";

    static MapTree baseAndOverlays() {
        return MapTree.of(
                "apps/api/base/deployment.yaml", DEPLOYMENT,
                "apps/api/base/service.yaml", SERVICE,
                "apps/api/base/serviceaccount.yaml", SERVICE_ACCOUNT,
                "apps/api/base/kustomization.yaml", """
                        resources:
                        - deployment.yaml
                        - service.yaml
                        - serviceaccount.yaml
                        commonLabels:
                          app: api
                        configMapGenerator:
                        - name: api-config
                          literals:
                          - LOG_LEVEL=info
                        secretGenerator:
                        - name: api-tls
                          files:
                          - tls.crt=certs/tls.crt
                        """,
                "apps/api/base/certs/tls.crt", "CERT",
                "apps/api/overlays/production/kustomization.yaml", """
                        resources:
                        - ../../base
                        namespace: production
                        namePrefix: prod-
                        commonAnnotations:
                          team: payments
                        images:
                        - name: registry.example.com/team/api
                          newTag: 1.4.0
                        replicas:
                        - name: api
                          count: 3
                        configMapGenerator:
                        - name: api-config
                          behavior: merge
                          literals:
                          - LOG_LEVEL=warn
                        patches:
                        - path: resources.yaml
                        - target:
                            kind: Service
                            name: api
                          patch: |-
                            - op: replace
                              path: /spec/ports/0/port
                              value: 8443
                        """,
                "apps/api/overlays/production/resources.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: api
                        spec:
                          template:
                            spec:
                              containers:
                              - name: api
                                resources:
                                  limits:
                                    memory: 512Mi
                        """);
    }

    @Test
    void theProductionOverlayRendersAsKustomizeBuildWould() {
        List<Manifest> out = Kustomize.build(baseAndOverlays(), "apps/api/overlays/production", KustomizeOptions.ARGO_CD);

        String config = out.stream().filter(m -> m.kind().equals("ConfigMap")).findFirst().orElseThrow().name();
        String secret = out.stream().filter(m -> m.kind().equals("Secret")).findFirst().orElseThrow().name();
        assertThat(config).isEqualTo("prod-api-config-dfk4bdbtkk");
        assertThat(secret).isEqualTo("prod-api-tls-5ffchf9b74");
        assertThat(io.gitopsbridge.render.Renderer.yaml(out)).isEqualTo("""
                ---
                apiVersion: v1
                kind: ServiceAccount
                metadata:
                  annotations:
                    team: payments
                  labels:
                    app: api
                  name: prod-api
                  namespace: production
                ---
                apiVersion: v1
                data:
                  LOG_LEVEL: warn
                kind: ConfigMap
                metadata:
                  annotations:
                    team: payments
                  labels:
                    app: api
                  name: %1$s
                  namespace: production
                ---
                apiVersion: v1
                data:
                  tls.crt: Q0VSVA==
                kind: Secret
                metadata:
                  annotations:
                    team: payments
                  labels:
                    app: api
                  name: %2$s
                  namespace: production
                type: Opaque
                ---
                apiVersion: v1
                kind: Service
                metadata:
                  annotations:
                    team: payments
                  labels:
                    app: api
                  name: prod-api
                  namespace: production
                spec:
                  ports:
                  - port: 8443
                    targetPort: 8080
                  selector:
                    app: api
                    component: api
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  annotations:
                    team: payments
                  labels:
                    app: api
                  name: prod-api
                  namespace: production
                spec:
                  replicas: 3
                  selector:
                    matchLabels:
                      app: api
                      component: api
                  template:
                    metadata:
                      annotations:
                        team: payments
                      labels:
                        app: api
                        component: api
                    spec:
                      containers:
                      - envFrom:
                        - configMapRef:
                            name: %1$s
                        image: registry.example.com/team/api:1.4.0
                        name: api
                        resources:
                          limits:
                            memory: 512Mi
                        volumeMounts:
                        - mountPath: /tls
                          name: tls
                      serviceAccountName: prod-api
                      volumes:
                      - name: tls
                        secret:
                          secretName: %2$s
                """.formatted(config, secret));
    }

    @Test
    void generatedNamesCarryKustomizesContentHash() {
        // The example of kustomize's configGeneration documentation, whose 44k658k8gk came from kustomize 3, which also
        // hashed the name; kustomize 5 (Argo CD's, and its own test suite) hashes the content only.
        MapTree tree = MapTree.of("kustomization.yaml", """
                configMapGenerator:
                - name: my-java-server-env-vars
                  literals:
                  - JAVA_HOME=/opt/java/jdk
                  - JAVA_TOOL_OPTIONS=-agentlib:hprof
                """);
        assertThat(Kustomize.build(tree, "", KustomizeOptions.ARGO_CD)).extracting(Manifest::name).containsExactly("my-java-server-env-vars-c68g99m4hf");
    }

    @Test
    void disableNameSuffixHashKeepsTheName() {
        MapTree tree = MapTree.of("kustomization.yaml", """
                generatorOptions:
                  disableNameSuffixHash: true
                  labels:
                    generated: "yes"
                configMapGenerator:
                - name: plain
                  envs: [app.env]
                """, "app.env", "# settings\nA=1\n\nB=two\n");
        Manifest m = Kustomize.build(tree, "", KustomizeOptions.ARGO_CD).get(0);
        assertThat(m.name()).isEqualTo("plain");
        assertThat(m.object().get("data")).isEqualTo(Map.of("A", "1", "B", "two"));
        assertThat(m.metadata().get("labels")).isEqualTo(Map.of("generated", "yes"));
    }

    @Test
    void componentsAndLabelsWithoutSelectors() {
        MapTree tree = MapTree.of(
                "base/deployment.yaml", DEPLOYMENT,
                "base/kustomization.yaml", "resources: [deployment.yaml]\n",
                "components/debug/kustomization.yaml", """
                        apiVersion: kustomize.config.k8s.io/v1alpha1
                        kind: Component
                        patches:
                        - target: {kind: Deployment}
                          patch: |-
                            - op: add
                              path: /spec/template/spec/containers/0/args
                              value: [--debug]
                        """,
                "overlay/kustomization.yaml", """
                        resources: [../base]
                        components: [../components/debug]
                        labels:
                        - pairs: {tier: backend}
                          includeTemplates: true
                        """);
        Manifest d = Kustomize.build(tree, "overlay", KustomizeOptions.ARGO_CD).get(0);
        assertThat(at(d.object(), "spec", "selector", "matchLabels")).isEqualTo(Map.of("component", "api"));
        assertThat(at(d.object(), "spec", "template", "metadata", "labels")).isEqualTo(Map.of("component", "api", "tier", "backend"));
        assertThat(firstContainer(d).get("args")).isEqualTo(List.of("--debug"));
    }

    @Test
    void strategicMergeDeletesAndReplacesByDirective() {
        MapTree tree = MapTree.of("deployment.yaml", DEPLOYMENT, "kustomization.yaml", """
                resources: [deployment.yaml]
                patchesStrategicMerge:
                - |-
                  apiVersion: apps/v1
                  kind: Deployment
                  metadata:
                    name: api
                  spec:
                    template:
                      spec:
                        volumes:
                        - name: tls
                          $patch: delete
                        containers:
                        - name: api
                          volumeMounts: null
                """);
        Manifest d = Kustomize.build(tree, "", KustomizeOptions.ARGO_CD).get(0);
        assertThat(at(d.object(), "spec", "template", "spec", "volumes")).isEqualTo(List.of());
        assertThat(firstContainer(d)).doesNotContainKey("volumeMounts");
    }

    @Test
    void patchesMergeMapsAndOldApiVersionsAsKustomizeDoes() {
        MapTree tree = MapTree.of("objects.yaml", """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: web}
                spec:
                  selector: {matchLabels: {app: web}}
                ---
                apiVersion: batch/v1beta1
                kind: CronJob
                metadata: {name: nightly}
                spec:
                  schedule: "0 1 * * *"
                  jobTemplate:
                    spec:
                      template:
                        spec:
                          containers: [{name: run, image: "tool:1", command: [run]}]
                """, "kustomization.yaml", """
                resources: [objects.yaml]
                patches:
                - patch: |-
                    apiVersion: policy/v1
                    kind: PodDisruptionBudget
                    metadata: {name: web}
                    spec:
                      selector: {matchLabels: {tier: front}}
                - patch: |-
                    apiVersion: batch/v1beta1
                    kind: CronJob
                    metadata: {name: nightly}
                    spec:
                      jobTemplate:
                        spec:
                          template:
                            spec:
                              containers: [{name: run, image: "tool:2"}]
                """);
        Map<Object, Map<String, Object>> out = new java.util.HashMap<>();
        Kustomize.build(tree, "", KustomizeOptions.ARGO_CD).forEach(m -> out.put(m.object().get("kind"), m.object()));

        assertThat(at(out.get("PodDisruptionBudget"), "spec", "selector", "matchLabels")).as("kyaml merges maps; the API's replace"
                + " strategy is not read").isEqualTo(Map.of("app", "web", "tier", "front"));
        assertThat(at(out.get("CronJob"), "spec", "jobTemplate", "spec", "template", "spec", "containers"))
                .as("an old version of a built-in kind merges its containers by name too")
                .isEqualTo(List.of(Map.of("name", "run", "image", "tool:2", "command", List.of("run"))));
    }

    @Test
    void unsupportedFieldsAndBadInputFailWithFileAndField() {
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("k/kustomization.yaml", "helmCharts: []\n"), "k", KustomizeOptions.ARGO_CD))
                .isInstanceOf(RenderException.class)
                .isInstanceOf(UnsupportedFieldException.class).hasMessageStartingWith("k/kustomization.yaml:1: helmCharts: 'helmCharts' is not supported by GitOps Bridge's Kustomize yet (Argo CD, too,");
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("kustomization.yaml", "resources:\n- a.yaml\n", "a.yaml",
                "kind: [\n"), "", KustomizeOptions.ARGO_CD)).hasMessageStartingWith("a.yaml:2: not valid YAML:");
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("kustomization.yaml", "resources: [missing.yaml]\n"), "", KustomizeOptions.ARGO_CD))
                .hasMessage("kustomization.yaml:1: resources: 'missing.yaml' does not exist");
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("kustomization.yaml",
                "resources: [https://github.com/org/repo//base]\n"), "", KustomizeOptions.ARGO_CD))
                .isInstanceOf(UnsupportedFieldException.class)
                .hasMessage("kustomization.yaml:1: resources: remote resource 'https://github.com/org/repo//base' is not supported;"
                        + " vendor it into the repository");
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("d.yaml", DEPLOYMENT, "kustomization.yaml", """
                resources: [d.yaml]
                patches:
                - target: {kind: Deployment}
                  patch: '[{"op": "remove", "path": "/spec/nope"}]'
                """), "", KustomizeOptions.ARGO_CD)).hasMessage("kustomization.yaml:3: patches[0]: operation 0: path /spec/nope does not exist");
        assertThatThrownBy(() -> Kustomize.build(MapTree.of("a/kustomization.yaml", "resources: [../b]\n",
                "b/kustomization.yaml", "resources: [../a]\n"), "a", KustomizeOptions.ARGO_CD))
                .hasMessageStartingWith("a/kustomization.yaml: cycle detected: a -> b -> a");
    }

    @Test
    void goJsonEscapesAsGoDoes() {
        assertThat(Hash.goJson(Map.of("b", "<a&b>", "a", List.of(1, "x\n")))).isEqualTo("{\"a\":[1,\"x\\n\"],\"b\":\"\\u003ca\\u0026b\\u003e\"}");
    }

    private static Object at(Map<String, Object> root, String... path) {
        Object current = root;
        for (String key : path) {
            current = current instanceof Map<?, ?> m ? m.get(key) : null;
        }
        return current;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> firstContainer(Manifest d) {
        return (Map<String, Object>) ((List<Object>) at(d.object(), "spec", "template", "spec", "containers")).get(0);
    }
}
