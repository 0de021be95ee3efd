package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.app;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The merge metadata comes from the schema the cluster serves under {@code /openapi/v3}, and from the built-in table
 * only where it serves none. The test API serves no schema unless a test gives it one, as here: a cluster whose
 * apps/v1 schema declares a Deployment's containers atomic (no patch strategy) — not what Kubernetes declares, so the
 * source of the rule shows in the result.
 */
class ClusterSchemasTest {
    private static final String DEPLOYMENT = """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web}
            spec:
              selector: {matchLabels: {app: web}}
              template:
                metadata: {labels: {app: web}}
                spec: {containers: [{name: app, image: "example/web:1"}]}
            """;

    /** An apps/v1 document in the API server's v3 shape, its containers list without patch metadata. */
    private static final String APPS_V1_ATOMIC_CONTAINERS = """
            {"openapi": "3.0.0", "components": {"schemas": {
              "io.k8s.api.apps.v1.Deployment": {"type": "object",
                "properties": {"spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.apps.v1.DeploymentSpec"}]}},
                "x-kubernetes-group-version-kind": [{"group": "apps", "kind": "Deployment", "version": "v1"}]},
              "io.k8s.api.apps.v1.DeploymentSpec": {"type": "object", "properties": {
                "template": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodTemplateSpec"}]}}},
              "io.k8s.api.core.v1.PodTemplateSpec": {"type": "object", "properties": {
                "spec": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.PodSpec"}]}}},
              "io.k8s.api.core.v1.PodSpec": {"type": "object", "properties": {
                "containers": {"type": "array", "items": {"allOf": [{"$ref": "#/components/schemas/io.k8s.api.core.v1.Container"}]},
                  "x-kubernetes-list-type": "atomic"}}},
              "io.k8s.api.core.v1.Container": {"type": "object"}
            }}}
            """;

    /** Synced from Git, then a sidecar injected by hand, and compared again. */
    private static SyncCode statusWithAnInjectedSidecar(KubernetesApi api) {
        SyncEngine engine = new SyncEngine(new ClientResources(api.client()), FAST);
        Application app = app("schemas", "schemas", "");
        SyncResult first = engine.sync(app, target("s1", DEPLOYMENT), SyncRequest.DEFAULT, line -> { });
        assertThat(first.succeeded()).as(first.message()).isTrue();
        api.client().apps().deployments().inNamespace("schemas").withName("web").edit(d -> {
            d.getSpec().getTemplate().getSpec().getContainers().add(new io.fabric8.kubernetes.api.model.ContainerBuilder()
                    .withName("istio-proxy").withImage("proxy:1").build());
            return d;
        });
        return engine.compare(app.withStatus(first.status()), target("s1", DEPLOYMENT)).status();
    }

    @Test
    void withoutAServedSchemaTheBuiltInTableMergesContainersByName() throws Exception {
        try (KubernetesApi api = KubernetesApi.http().start()) {
            assertThat(statusWithAnInjectedSidecar(api)).as("the sidecar is another writer's item of a keyed list")
                    .isEqualTo(SyncCode.SYNCED);
        }
    }

    @Test
    void aSchemaTheClusterFailsToServeFallsBackToTheBuiltInTable() throws Exception {
        try (KubernetesApi api = KubernetesApi.http().start()) {
            api.server().expect().get().withPath("/openapi/v3").andReturn(500, "{\"kind\": \"Status\", \"code\": 500}").always();

            assertThat(statusWithAnInjectedSidecar(api)).isEqualTo(SyncCode.SYNCED);
        }
    }

    @Test
    void theClustersServedSchemaDecidesAndEachDocumentIsReadOnce() throws Exception {
        try (KubernetesApi api = KubernetesApi.http().start()) {
            String url = "/openapi/v3/apis/apps/v1?hash=C0FFEE";
            api.server().expect().get().withPath("/openapi/v3").andReturn(200,
                    "{\"paths\": {\"apis/apps/v1\": {\"serverRelativeURL\": \"" + url + "\"}}}").always();
            api.server().expect().get().withPath(url).andReturn(200, APPS_V1_ATOMIC_CONTAINERS).always();

            assertThat(statusWithAnInjectedSidecar(api)).as("containers are atomic on this cluster: the sidecar is drift")
                    .isEqualTo(SyncCode.OUT_OF_SYNC);
            List<String> reads = api.takeRequests().stream().filter(r -> r.startsWith("GET /openapi/v3/apis")).toList();
            assertThat(reads).as("one read of the document for the sync and both comparisons").containsExactly("GET " + url);
        }
    }
}
