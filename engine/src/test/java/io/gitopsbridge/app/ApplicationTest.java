package io.gitopsbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.testing.KubernetesApi;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ApplicationTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    static final String GUESTBOOK = """
            apiVersion: argoproj.io/v1alpha1
            kind: Application
            metadata:
              name: guestbook
              namespace: argocd
            spec:
              project: default
              source:
                repoURL: https://github.com/argoproj/argocd-example-apps.git
                targetRevision: HEAD
                path: guestbook
              destination:
                server: https://kubernetes.default.svc
                namespace: guestbook
              syncPolicy:
                automated:
                  prune: true
                  selfHeal: true
                syncOptions:
                  - CreateNamespace=true
                  - PrunePropagationPolicy=background
                retry:
                  limit: 5
                  backoff: {duration: 5s, factor: 2, maxDuration: 3m}
              ignoreDifferences:
                - group: apps
                  kind: Deployment
                  jsonPointers: [/spec/replicas]
              revisionHistoryLimit: 3
            """;

    @Test
    void readsArgoCdApplicationYamlUnchanged() {
        Application app = Application.parse("guestbook.yaml", GUESTBOOK);
        assertThat(app.name()).isEqualTo("guestbook");
        assertThat(app.sources()).singleElement().satisfies(s -> assertThat(s.path()).isEqualTo("guestbook"));
        assertThat(app.destination()).isEqualTo(new Destination("https://kubernetes.default.svc", null, "guestbook"));
        assertThat(app.syncPolicy().automated()).isEqualTo(new SyncPolicy.Automated(true, true, true, false));
        assertThat(app.syncPolicy().syncOptions().on("CreateNamespace")).isTrue();
        assertThat(app.syncPolicy().syncOptions().value("PrunePropagationPolicy")).contains("background");
        assertThat(app.syncPolicy().retry().delay(1)).isEqualTo(Duration.ofSeconds(10));
        assertThat(app.syncPolicy().retry().delay(9)).isEqualTo(Duration.ofMinutes(3));
        assertThat(app.ignoreDifferences()).singleElement().satisfies(i -> assertThat(i.jsonPointers()).containsExactly("/spec/replicas"));
        assertThat(app.revisionHistoryLimit()).isEqualTo(3);
        assertThat(app.status()).isEqualTo(ApplicationStatus.EMPTY);
    }

    @Test
    void badInputIsNamedWithFileLineAndField() {
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("CreateNamespace=true", "CreateNamespaces=true")))
                .hasMessageStartingWith("app.yaml:20: spec.syncPolicy.syncOptions: unknown sync option 'CreateNamespaces'");
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("Policy=background", "Policy=later")))
                .hasMessage("app.yaml:21: spec.syncPolicy.syncOptions: sync option PrunePropagationPolicy takes background or"
                        + " foreground or orphan, not 'later'");
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("    server: https", "    name: in-cluster\n    server: https")))
                .hasMessage("app.yaml:13: spec.destination: set exactly one of 'server' and 'name'");
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("  revisionHistoryLimit: 3", "  revisionHistory: 3")))
                .hasMessageStartingWith("app.yaml:29: spec.revisionHistory: unknown field 'revisionHistory' in an Application spec");
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("duration: 5s", "duration: soon")))
                .hasMessage("app.yaml:24: spec.syncPolicy.retry.backoff.duration: not a duration such as 5s or 3m: 'soon'");
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replace("    path: guestbook", "    path: guestbook\n    plugin: {}")))
                .hasMessage("app.yaml:9: spec.source: config management plugins are not supported");
        // the name also names the status file under $JENKINS_HOME: nothing like ../ may pass
        assertThatThrownBy(() -> Application.parse("app.yaml", GUESTBOOK.replaceFirst("name: guestbook", "name: ../../x")))
                .hasMessageContaining("metadata.name: '../../x' is not a valid Application name");
    }

    @Test
    void anOperationStateKeepsWhatAutomatedSyncDecidesOnInArgoCdsShape() {
        var asked = new ApplicationStatus.Operation(true, "", true, 2,
                java.util.List.of(new ApplicationStatus.ResourceRef("apps", "Deployment", "shop", "web")));
        var state = new ApplicationStatus.OperationState("Succeeded", "successfully synced", java.time.Instant.parse("2026-12-01T10:00:00Z"),
                java.time.Instant.parse("2026-12-01T10:00:05Z"), java.util.List.of("aaaa"), java.util.List.of(), 0, asked,
                java.util.List.of(java.util.Map.of("repoURL", "https://git.example.com/c.git", "path", "shop", "targetRevision", "main")));
        java.util.Map<String, Object> written = ApplicationStatus.EMPTY.withOperation(state).toMap();

        @SuppressWarnings("unchecked")
        var op = (java.util.Map<String, Object>) written.get("operationState");
        assertThat(op.get("operation")).isEqualTo(java.util.Map.of("initiatedBy", java.util.Map.of("automated", true),
                "sync", java.util.Map.of("revision", "aaaa", "prune", true, "selfHealAttemptsCount", 2,
                        "resources", java.util.List.of(java.util.Map.of("group", "apps", "kind", "Deployment", "namespace", "shop",
                                "name", "web")))));
        assertThat(((java.util.Map<?, ?>) op.get("syncResult")).get("source")).isEqualTo(state.sources().get(0));
        assertThat(ApplicationStatus.fromMap(written).operationState()).isEqualTo(state.retrying("Succeeded", "successfully synced", 0));
    }

    @Test
    void readsApplicationsAndTheirStatusFromACluster() {
        Map<String, Object> status = Map.of("sync", Map.of("status", "Synced", "revision", "abc123"),
                "health", Map.of("status", "Healthy"),
                "resources", java.util.List.of(Map.of("version", "v1", "kind", "ConfigMap", "namespace", "guestbook", "name", "c",
                        "status", "Synced")),
                "history", java.util.List.of(Map.of("id", 4, "revision", "abc123", "deployedAt", "2026-11-01T10:00:00Z")));
        var object = api.client().getKubernetesSerialization().unmarshal(GUESTBOOK,
                io.fabric8.kubernetes.api.model.GenericKubernetesResource.class);
        object.getAdditionalProperties().put("status", status);
        api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("argocd").resource(object).create();

        Application app = Application.get(api.client(), "argocd", "guestbook").orElseThrow();
        assertThat(app.status().sync().status()).isEqualTo(SyncCode.SYNCED);
        assertThat(app.status().sync().revisions()).containsExactly("abc123");
        assertThat(app.status().resources()).extracting(r -> r.kind() + " " + r.name()).containsExactly("ConfigMap c");
        assertThat(app.status().history()).singleElement().satisfies(h -> assertThat(h.id()).isEqualTo(4));
        assertThat(ApplicationStatus.fromMap(app.status().toMap())).isEqualTo(app.status());
        assertThat(Application.list(api.client(), "argocd")).extracting(Application::name).containsExactly("guestbook");
        assertThat(Application.get(api.client(), "argocd", "nope")).isEmpty();
    }
}
