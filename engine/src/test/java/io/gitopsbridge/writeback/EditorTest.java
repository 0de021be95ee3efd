package io.gitopsbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Every edit is checked byte for byte: only the value's characters (or the added lines) may differ. */
class EditorTest {
    static final String VALUES = """
            # Default values for api.
            replicaCount: 2   # scaled by the HPA in production

            image:
              repository: registry.example.com/team/api
              # Overrides the image tag whose default is the chart appVersion.
              tag: "1.4.0"
              pullPolicy: IfNotPresent

            sidecars:
              - name: proxy
                image: {repository: envoyproxy/envoy, tag: 'v1.31.2'}   # flow style
              - name: metrics
                tag: 0.9.1

            ingress:
              annotations:
                nginx.ingress.kubernetes.io/rewrite-target: /
            """;

    private static String edit(Edit edit, String text) {
        return Editor.apply(edit, text);
    }

    @Test
    void helmValuesChangeOnlyTheValueAndKeepItsQuotes() {
        assertThat(edit(new Edit.SetValue("values.yaml", "image.tag", "1.5.0", false), VALUES))
                .isEqualTo(VALUES.replace("tag: \"1.4.0\"", "tag: \"1.5.0\""));
        assertThat(edit(new Edit.SetValue("values.yaml", "sidecars[name=proxy].image.tag", "v1.32.0", false), VALUES))
                .isEqualTo(VALUES.replace("tag: 'v1.31.2'", "tag: 'v1.32.0'"));
        assertThat(edit(new Edit.SetValue("values.yaml", "sidecars[1].tag", "0.10.0", false), VALUES))
                .isEqualTo(VALUES.replace("tag: 0.9.1", "tag: 0.10.0"));
        assertThat(edit(new Edit.SetValue("values.yaml", "ingress.annotations.\"nginx.ingress.kubernetes.io/rewrite-target\"", "/$2", false), VALUES))
                .isEqualTo(VALUES.replace("rewrite-target: /\n", "rewrite-target: /$2\n"));
    }

    @Test
    void aPlainValueThatWouldReadBackAsANumberIsQuoted() {
        String text = "image:\n  tag: v1\n";
        assertThat(edit(new Edit.SetValue("v.yaml", "image.tag", "1.10", false), text)).isEqualTo("image:\n  tag: \"1.10\"\n");
        assertThat(edit(new Edit.SetValue("v.yaml", "image.tag", "true", false), text)).isEqualTo("image:\n  tag: \"true\"\n");
        assertThat(edit(new Edit.SetValue("v.yaml", "image.tag", "v2", false), text)).isEqualTo("image:\n  tag: v2\n");
        assertThat(edit(new Edit.SetValue("v.yaml", "replicas", "3", false), "replicas: 2 # two\n")).isEqualTo("replicas: 3 # two\n");
    }

    @Test
    void crlfUnicodeAndABomSurviveAnEdit() {
        String text = "\uFEFF# Größe 🚀\r\nimage:\r\n  name: \"ünïcode-😀\"\r\n  tag: 1.0.0\r\n";
        assertThat(edit(new Edit.SetValue("v.yaml", "image.tag", "1.0.1", false), text))
                .isEqualTo("\uFEFF# Größe 🚀\r\nimage:\r\n  name: \"ünïcode-😀\"\r\n  tag: 1.0.1\r\n");
    }

    @Test
    void theSameValueIsANoOp() {
        assertThat(edit(new Edit.SetValue("values.yaml", "image.tag", "1.4.0", false), VALUES)).isSameAs(VALUES);
    }

    @Test
    void missingKeysFailOrAreAddedWhenAsked() {
        assertThatThrownBy(() -> edit(new Edit.SetValue("values.yaml", "image.digest", "sha256:ab", false), VALUES))
                .hasMessage("values.yaml: image.digest: not found");
        assertThat(edit(new Edit.SetValue("values.yaml", "image.digest", "sha256:ab", true), VALUES))
                .isEqualTo(VALUES.replace("  pullPolicy: IfNotPresent\n", "  pullPolicy: IfNotPresent\n  digest: sha256:ab\n"));
        assertThat(edit(new Edit.SetValue("values.yaml", "resources.limits.memory", "512Mi", true), VALUES))
                .isEqualTo(VALUES + "resources:\n  limits:\n    memory: 512Mi\n");
        assertThatThrownBy(() -> edit(new Edit.SetValue("values.yaml", "sidecars[name=auth].tag", "1", true), VALUES))
                .hasMessage("values.yaml: sidecars[name=auth].tag: not found and cannot be added unambiguously (a list item or a non-mapping is missing)");
    }

    @Test
    void pathsThatDoNotFitTheDocumentNameFileLineAndPath() {
        assertThatThrownBy(() -> edit(new Edit.SetValue("values.yaml", "image", "x", false), VALUES))
                .hasMessage("values.yaml:5: image: is a mapping, not a single value");
        assertThatThrownBy(() -> edit(new Edit.SetValue("values.yaml", "replicaCount.max", "x", false), VALUES))
                .hasMessage("values.yaml:2: replicaCount: is a value, has no key 'max'");
        assertThatThrownBy(() -> YamlPath.parse("image..tag")).hasMessage("YAML path 'image..tag' at character 7: empty key");
        assertThatThrownBy(() -> edit(new Edit.SetValue("values.yaml", "image.tag", "x", false), "image: [\n"))
                .hasMessageStartingWith("values.yaml:2: not valid YAML:");
        assertThatThrownBy(() -> edit(new Edit.SetValue("v.yaml", "notes", "x", false), "notes: |\n  line\n"))
                .hasMessage("v.yaml:1: notes: is a block scalar (| or >); write-back edits single-line values only");
    }

    @Test
    void anAliasIsNotEditedThroughItsUse() {
        String text = "defaults: &img\n  tag: \"1\"\nimage: *img\n";
        assertThatThrownBy(() -> edit(new Edit.SetValue("v.yaml", "image.tag", "2", false), text))
                .hasMessage("v.yaml:1: image: is an alias of a value defined on this line; editing it would change every use of the anchor");
        assertThat(edit(new Edit.SetValue("v.yaml", "defaults.tag", "2", false), text)).isEqualTo(text.replace("\"1\"", "\"2\""));
    }

    static final String KUSTOMIZATION = """
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            resources:
              - ../../base
            images:
              # the API server
              - name: registry.example.com/team/api
                newTag: 1.4.0
              - name: worker
                newName: registry.example.com/team/worker
            """;

    @Test
    void kustomizeImagesAreSetAddedToOrCreated() {
        assertThat(edit(new Edit.KustomizeImage("kustomization.yaml", "registry.example.com/team/api", null, "1.5.0", null), KUSTOMIZATION))
                .isEqualTo(KUSTOMIZATION.replace("newTag: 1.4.0", "newTag: 1.5.0"));
        assertThat(edit(new Edit.KustomizeImage("kustomization.yaml", "worker", null, "2.0.0", "sha256:aa"), KUSTOMIZATION))
                .isEqualTo(KUSTOMIZATION + "    newTag: 2.0.0\n    digest: sha256:aa\n");
        assertThat(edit(new Edit.KustomizeImage("kustomization.yaml", "cron", null, "7", null), KUSTOMIZATION))
                .isEqualTo(KUSTOMIZATION + "  - name: cron\n    newTag: \"7\"\n");
        String none = "resources:\n- deployment.yaml\n";
        assertThat(edit(new Edit.KustomizeImage("kustomization.yaml", "api", "registry.example.com/api", "1.0", null), none))
                .isEqualTo(none + "images:\n- name: api\n  newName: registry.example.com/api\n  newTag: \"1.0\"\n");
    }

    static final String MANIFESTS = """
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: api
            spec:
              template:
                spec:
                  initContainers:
                    - name: migrate
                      image: registry.example.com/team/api:1.4.0   # same image, runs migrations
                  containers:
                    - name: api
                      image: registry.example.com/team/api:1.4.0
                    - name: proxy
                      image: "envoyproxy/envoy:v1.31.2"
            ---
            apiVersion: batch/v1
            kind: CronJob
            metadata:
              name: report
            spec:
              jobTemplate:
                spec:
                  template:
                    spec:
                      containers:
                        - name: report
                          image: registry.example.com/team/api@sha256:1111
            """;

    @Test
    void containerImagesInMultiDocumentManifestsByNameOrByImage() {
        assertThat(edit(new Edit.ContainerImage("app.yaml", "proxy", null, "v1.32.0", null), MANIFESTS))
                .isEqualTo(MANIFESTS.replace("\"envoyproxy/envoy:v1.31.2\"", "\"envoyproxy/envoy:v1.32.0\""));
        assertThat(edit(new Edit.ContainerImage("app.yaml", null, "registry.example.com/team/api", "1.5.0", null), MANIFESTS))
                .isEqualTo(MANIFESTS.replace("team/api:1.4.0", "team/api:1.5.0").replace("team/api@sha256:1111", "team/api:1.5.0"));
        assertThat(edit(new Edit.ContainerImage("app.yaml", "api", null, null, "sha256:2222"), MANIFESTS))
                .isEqualTo(MANIFESTS.replace("- name: api\n          image: registry.example.com/team/api:1.4.0\n",
                        "- name: api\n          image: registry.example.com/team/api:1.4.0@sha256:2222\n"));
        assertThatThrownBy(() -> edit(new Edit.ContainerImage("app.yaml", "web", null, "1", null), MANIFESTS))
                .hasMessage("app.yaml: no container named 'web'");
    }

    @Test
    void argoSourceParametersAreSetAddedOrTheFileCreated() {
        assertThat(edit(new Edit.ArgoHelmParameter(".argocd-source-api.yaml", "image.tag", "1.5.0"), null))
                .isEqualTo("helm:\n  parameters:\n  - name: image.tag\n    value: 1.5.0\n    forcestring: true\n");
        String existing = "helm:\n  parameters:\n  - name: image.tag\n    value: 1.4.0\n    forcestring: true\n";
        assertThat(edit(new Edit.ArgoHelmParameter(".argocd-source-api.yaml", "image.tag", "1.5.0"), existing))
                .isEqualTo(existing.replace("1.4.0", "1.5.0"));
        assertThat(edit(new Edit.ArgoHelmParameter(".argocd-source-api.yaml", "image.repository", "r/api"), existing))
                .isEqualTo(existing + "  - name: image.repository\n    value: r/api\n    forcestring: true\n");
    }
}
