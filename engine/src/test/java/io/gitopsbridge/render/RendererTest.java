package io.gitopsbridge.render;

import io.gitopsbridge.render.kustomize.KustomizeTest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RendererTest {
    static final String CM = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: %s\n";

    static MapTree plain() {
        return MapTree.of(
                "manifests/a.yaml", CM.formatted("a") + "---\n# empty document\n---\n" + CM.formatted("b"),
                "manifests/list.yaml", """
                        apiVersion: v1
                        kind: List
                        items:
                        - {apiVersion: v1, kind: ConfigMap, metadata: {name: c}}
                        - {apiVersion: v1, kind: ConfigMap, metadata: {name: d}}
                        """,
                "manifests/e.json", "{\"apiVersion\": \"v1\", \"kind\": \"ConfigMap\", \"metadata\": {\"name\": \"e\"}}",
                "manifests/README.md", "not a manifest",
                "manifests/nested/f.yaml", CM.formatted("f"),
                "manifests/nested/skip.yaml", CM.formatted("skipped"));
    }

    private static Source source(String path, Map<String, Object> extra) {
        Map<String, Object> spec = new java.util.LinkedHashMap<>(Map.of("repoURL", "https://git.example.com/config.git",
                "path", path));
        spec.putAll(extra);
        return Source.from(spec, "app.yaml: spec.source");
    }

    @Test
    void directoriesReadYamlJsonMultiDocumentsAndLists() {
        List<Manifest> out = Renderer.render(source("manifests", Map.of()), plain());
        assertThat(out).extracting(Manifest::name).containsExactly("a", "b", "e", "c", "d");
        assertThat(out).extracting(Manifest::file).containsExactly("manifests/a.yaml", "manifests/a.yaml",
                "manifests/e.json", "manifests/list.yaml", "manifests/list.yaml");
    }

    @Test
    void recurseIncludeAndExcludeFollowArgoCd() {
        Map<String, Object> directory = Map.of("directory", Map.of("recurse", true, "exclude", "{skip.yaml,list.yaml}"));
        assertThat(Renderer.render(source("manifests", directory), plain())).extracting(Manifest::name)
                .containsExactly("a", "b", "e", "f");
        Map<String, Object> only = Map.of("directory", Map.of("recurse", true, "include", "nested/*.yaml"));
        assertThat(Renderer.render(source("manifests", only), plain())).extracting(Manifest::name).containsExactly("f", "skipped");
    }

    @Test
    void hooksWithGenerateNameRenderAndJsonnetIsRefusedNotSkipped() {
        MapTree tree = MapTree.of("hooks/job.yaml", """
                apiVersion: batch/v1
                kind: Job
                metadata:
                  generateName: migrate-
                  annotations:
                    argocd.argoproj.io/hook: PreSync
                spec:
                  template:
                    spec:
                      containers:
                      - name: migrate
                        image: migrate:1
                      restartPolicy: Never
                """, "jsonnet/app.jsonnet", "{ apiVersion: 'v1', kind: 'ConfigMap' }", "jsonnet/ok.yaml", CM.formatted("ok"));
        List<Manifest> hooks = Renderer.render(source("hooks", Map.of()), tree);
        assertThat(hooks).hasSize(1);
        assertThat(hooks.get(0).metadata().get("generateName")).isEqualTo("migrate-");
        assertThatThrownBy(() -> Renderer.render(source("jsonnet", Map.of()), tree)).isInstanceOf(RenderException.class)
                .hasMessageStartingWith("jsonnet/app.jsonnet: Jsonnet is not supported yet");
        assertThat(Renderer.render(source("jsonnet", Map.of("directory", Map.of("exclude", "*.jsonnet"))), tree))
                .extracting(Manifest::name).containsExactly("ok");
    }

    @Test
    void aLinkOutOfTheSourceIsNotFollowed(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path secret = java.nio.file.Files.writeString(dir.resolve("secret.txt"), "canary-token-link-7e1f");
        java.nio.file.Path app = java.nio.file.Files.createDirectories(dir.resolve("repo/app"));
        java.nio.file.Files.writeString(app.resolve("kustomization.yaml"), "configMapGenerator:\n- name: c\n  files: [s.txt]\n");
        java.nio.file.Files.createSymbolicLink(app.resolve("s.txt"), secret);
        assertThatThrownBy(() -> Renderer.render(source("app", Map.of()), SourceTree.of(dir.resolve("repo"))))
                .isInstanceOf(RenderException.class).hasMessageContaining("a link to a file outside the source")
                .hasMessageNotContaining("canary-token");
    }

    @Test
    void theSourceTypeIsDetectedAsArgoCdDoes() {
        MapTree tree = MapTree.of("chart/Chart.yaml", "name: x\n", "k/kustomization.yaml", "resources: []\n", "d/x.yaml", CM.formatted("x"),
                "both/Chart.yaml", "name: x\n", "both/kustomization.yaml", "resources: []\n");
        assertThat(source("both", Map.of()).type(tree)).isEqualTo(Source.Type.KUSTOMIZE);
        assertThat(source("chart", Map.of()).type(tree)).isEqualTo(Source.Type.HELM);
        assertThat(source("k", Map.of()).type(tree)).isEqualTo(Source.Type.KUSTOMIZE);
        assertThat(source("d", Map.of()).type(tree)).isEqualTo(Source.Type.DIRECTORY);
        assertThat(source("k", Map.of("directory", Map.of())).type(tree)).isEqualTo(Source.Type.DIRECTORY);
    }

    @Test
    void argoCdKustomizeOptionsApplyOnTopOfTheKustomization() {
        MapTree tree = MapTree.of("app/deployment.yaml", KustomizeTest.DEPLOYMENT, "app/kustomization.yaml", "resources: [deployment.yaml]\n");
        Source s = source("app", Map.of("kustomize", Map.of("namePrefix", "stage-",
                "images", List.of("registry.example.com/team/api:2.0.0"), "commonLabels", Map.of("env", "stage"))));

        Manifest d = Renderer.render(s, tree).get(0);

        assertThat(d.name()).isEqualTo("stage-api");
        assertThat(Objects2.containers(d).get(0).get("image")).isEqualTo("registry.example.com/team/api:2.0.0");
        assertThat(Objects2.get(d.object(), "metadata", "labels")).isEqualTo(Map.of("env", "stage"));
        assertThat(Renderer.image("old/api=registry.example.com/api@sha256:ab"))
                .isEqualTo(Map.of("name", "old/api", "newName", "registry.example.com/api", "digest", "sha256:ab"));
    }

    @Test
    void errorsNameThePathFileAndField() {
        assertThatThrownBy(() -> Renderer.render(source("nope", Map.of()), plain()))
                .hasMessage("path 'nope': no such directory in https://git.example.com/config.git");
        assertThatThrownBy(() -> Renderer.render(source("bad", Map.of()), MapTree.of("bad/x.yaml", "a: [\n")))
                .hasMessageStartingWith("bad/x.yaml:2: not valid YAML:");
        assertThatThrownBy(() -> Renderer.render(source("bad", Map.of()), MapTree.of("bad/x.yaml", "kind: ConfigMap\n")))
                .hasMessage("bad/x.yaml: an object without apiVersion, kind or metadata.name (or generateName) (kind ConfigMap)");
        assertThatThrownBy(() -> source("x", Map.of("plugin", Map.of("name", "cmp"))))
                .hasMessage("app.yaml: spec.source: config management plugins are not supported");
        assertThatThrownBy(() -> source("x", Map.of("kustomize", Map.of("forceCommonLabels", true))))
                .hasMessage("app.yaml: spec.source.kustomize: 'forceCommonLabels' is not supported");
    }
}
