package io.gitopsbridge.render;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Charts rendered with Helm itself (v3, as a library), with Argo CD's value precedence. */
class HelmChartTest {
    static MapTree chart() {
        return MapTree.of(
                "charts/api/Chart.yaml", "apiVersion: v2\nname: api\nversion: 0.1.0\nappVersion: \"1.0.0\"\n",
                "charts/api/values.yaml", "replicas: 1\nimage:\n  repository: registry.example.com/team/api\n  tag: \"\"\nlogLevel: info\n",
                "charts/api/values-prod.yaml", "replicas: 3\nlogLevel: warn\n",
                "charts/api/templates/deployment.yaml", """
                        apiVersion: apps/v1
                        kind: Deployment
                        metadata:
                          name: {{ .Release.Name }}
                          namespace: {{ .Release.Namespace }}
                          labels:
                            helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
                        spec:
                          replicas: {{ .Values.replicas }}
                          template:
                            spec:
                              containers:
                              - name: api
                                image: "{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}"
                                env:
                                - name: LOG_LEVEL
                                  value: {{ .Values.logLevel | quote }}
                        """,
                "charts/api/templates/service.yaml", """
                        apiVersion: v1
                        kind: Service
                        metadata:
                          name: {{ .Release.Name }}
                        spec:
                          ports:
                          - port: 80
                        """);
    }

    private static Source source(Map<String, Object> helm) {
        return Source.from(Map.of("repoURL", "https://git.example.com/config.git", "path", "charts/api", "helm", helm),
                "app.yaml: spec.source");
    }

    @Test
    void valueFilesThenValuesThenParametersAsArgoCdOrdersThem() {
        List<Manifest> out = Renderer.render(source(Map.of(
                "releaseName", "api-prod",
                "valueFiles", List.of("values-prod.yaml"),
                "values", "logLevel: debug\n",
                "parameters", List.of(Map.of("name", "image.tag", "value", "1.5.0")))), chart(), "ignored", "payments");

        assertThat(out).extracting(Manifest::kind, Manifest::file).containsExactly(
                org.assertj.core.groups.Tuple.tuple("Service", "charts/api/templates/service.yaml"),
                org.assertj.core.groups.Tuple.tuple("Deployment", "charts/api/templates/deployment.yaml"));
        Manifest d = out.get(1);
        assertThat(d.name()).isEqualTo("api-prod");
        assertThat(d.namespace()).isEqualTo("payments");
        assertThat(Objects2.get(d.object(), "metadata", "labels")).isEqualTo(Map.of("helm.sh/chart", "api-0.1.0"));
        assertThat(Objects2.get(d.object(), "spec", "replicas")).isEqualTo(3);
        Map<String, Object> container = Objects2.containers(d).get(0);
        assertThat(container.get("image")).isEqualTo("registry.example.com/team/api:1.5.0");
        assertThat(container.get("env")).isEqualTo(List.of(Map.of("name", "LOG_LEVEL", "value", "debug")));
    }

    @Test
    void forceStringKeepsAVersionThatReadsAsANumberAndTheRepositoryFileOverridesParameters() {
        Map<String, Object> tagParameter = Map.of("name", "image.tag", "value", "1.10", "forceString", true);
        Manifest d = Renderer.render(source(Map.of("parameters", List.of(tagParameter))), chart(), "api", "staging").get(1);
        assertThat(Objects2.containers(d).get(0).get("image")).isEqualTo("registry.example.com/team/api:1.10");

        // Write-back's .argocd-source-<app>.yaml: a JSON merge patch of the source, its parameter list replacing the
        // Application's, as Argo CD's repo server applies it.
        MapTree tree = chart().with("charts/api/.argocd-source-api.yaml", """
                helm:
                  parameters:
                  - name: image.tag
                    value: "2.0.0"
                    forceString: true
                """);
        Manifest overridden = Renderer.render(source(Map.of("parameters", List.of(tagParameter))), tree, "api", "staging").get(1);
        assertThat(Objects2.containers(overridden).get(0).get("image")).isEqualTo("registry.example.com/team/api:2.0.0");
        Manifest otherApp = Renderer.render(source(Map.of("parameters", List.of(tagParameter))), tree, "web", "staging").get(1);
        assertThat(Objects2.containers(otherApp).get(0).get("image")).isEqualTo("registry.example.com/team/api:1.10");
    }

    @Test
    void fileDependenciesAreBuiltAndRepositoryOnesNamed() {
        MapTree tree = MapTree.of(
                "charts/app/Chart.yaml", """
                        apiVersion: v2
                        name: app
                        version: 0.1.0
                        dependencies:
                        - name: common
                          version: 1.0.0
                          repository: file://../common
                        """,
                "charts/app/templates/cm.yaml", "{{ include \"common.configmap\" . }}\n",
                "charts/common/Chart.yaml", "apiVersion: v2\nname: common\nversion: 1.0.0\n",
                "charts/common/templates/_helpers.tpl", """
                        {{- define "common.configmap" -}}
                        apiVersion: v1
                        kind: ConfigMap
                        metadata:
                          name: {{ .Release.Name }}-common
                        {{- end -}}
                        """);
        Source app = Source.from(Map.of("repoURL", "https://git.example.com/config.git", "path", "charts/app"), "app.yaml");
        assertThat(Renderer.render(app, tree, "shop", "default")).extracting(Manifest::name).containsExactly("shop-common");

        MapTree remote = tree.with("charts/app/Chart.yaml", """
                apiVersion: v2
                name: app
                version: 0.1.0
                dependencies:
                - name: redis
                  version: 18.0.0
                  repository: https://charts.example.com
                """);
        assertThatThrownBy(() -> Renderer.render(app, remote, "shop", "default"))
                .hasMessageStartingWith("path 'charts/app': chart dependency 'redis' from 'https://charts.example.com' is not"
                        + " under charts/");
    }

    @Test
    void defaultsUseTheChartsOwnValuesAndTheGivenReleaseAndNamespace() {
        Manifest d = Renderer.render(source(Map.of()), chart(), "api", "staging").get(1);
        assertThat(d.name()).isEqualTo("api");
        assertThat(d.namespace()).isEqualTo("staging");
        assertThat(Objects2.containers(d).get(0).get("image")).isEqualTo("registry.example.com/team/api:1.0.0");
    }

    @Test
    void aDependencyVendoredAsAnArchiveUnderChartsIsRendered(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path sub = java.nio.file.Files.createDirectories(dir.resolve("src/redis/templates"));
        java.nio.file.Files.writeString(sub.resolveSibling("Chart.yaml"), "apiVersion: v2\nname: redis\nversion: 1.2.3\n");
        java.nio.file.Files.writeString(sub.resolve("cm.yaml"),
                "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Release.Name }}-redis\n");
        java.nio.file.Path vendored = java.nio.file.Files.createDirectories(dir.resolve("repo/app/charts"));
        new com.marcnuri.helm.Helm(sub.getParent()).packageIt().withDestination(vendored).call();
        java.nio.file.Files.writeString(dir.resolve("repo/app/Chart.yaml"), "apiVersion: v2\nname: app\nversion: 0.1.0\n"
                + "dependencies:\n- name: redis\n  version: 1.2.3\n");
        Source s = Source.from(Map.of("repoURL", "https://git.example.com/config.git", "path", "app", "helm", Map.of()),
                "app.yaml: spec.source");

        List<Manifest> out = Renderer.render(s, SourceTree.of(dir.resolve("repo")), "shop", "default");

        assertThat(out).extracting(Manifest::name).containsExactly("shop-redis");
        assertThat(out.get(0).file()).isEqualTo("app/charts/redis/templates/cm.yaml");
    }

    @Test
    void helmErrorsNameTheTemplateAndLineAndMissingValueFilesFail() {
        MapTree broken = chart();
        broken.files().put("charts/api/templates/bad.yaml", "kind: {{ .Values.missing.field }}\n");
        assertThatThrownBy(() -> Renderer.render(source(Map.of()), broken))
                .isInstanceOf(RenderException.class)
                .hasMessageStartingWith("path 'charts/api': helm template failed:")
                .hasMessageContaining("api/templates/bad.yaml:1");
        assertThatThrownBy(() -> Renderer.render(source(Map.of("valueFiles", List.of("values-qa.yaml"))), chart()))
                .hasMessage("path 'charts/api': value file 'values-qa.yaml' does not exist");
        assertThat(Renderer.render(source(Map.of("valueFiles", List.of("values-qa.yaml"), "ignoreMissingValueFiles", true)), chart()))
                .hasSize(2);
        assertThatThrownBy(() -> Renderer.render(source(Map.of("passCredentials", true)), chart()))
                .hasMessage("path 'charts/api': helm.passCredentials is not supported");
    }
}
