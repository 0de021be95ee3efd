package io.jenkins.plugins.gitopsbridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.cluster.ClusterConnection;
import io.gitopsbridge.cluster.ClusterException;
import io.gitopsbridge.cluster.ClusterSource;
import io.gitopsbridge.testing.KubernetesApi;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ClusterDefinitionTest {
    private static final String TOKEN = "canary-token-plugin-93b2-do-not-print";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private final KubeconfigLookup credentials = id -> Map.of("prod-kubeconfig", api.kubeconfig(TOKEN, "apps"))
            .entrySet().stream()
            .filter(e -> e.getKey().equals(id))
            .map(Map.Entry::getValue)
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException("No global credentials with ID '" + id + "' ("
                    + KubeconfigCredentials.KINDS + ")"));

    private static ClusterDefinition cluster(String name, String credentialsId, String context, String namespace) {
        ClusterDefinition c = new ClusterDefinition(name);
        c.setCredentialsId(credentialsId);
        c.setContext(context);
        c.setNamespace(namespace);
        return c;
    }

    @Test
    void aKubeconfigCredentialConnectsAndTestConnectionDescribesTheServer() {
        String result = ClusterDefinition.describe(cluster("production", "prod-kubeconfig", null, null), credentials);

        assertThat(result).isEqualTo("Connected to " + api.url() + " (Kubernetes " + KubernetesApi.GIT_VERSION
                + "); namespace 'apps'");
    }

    @Test
    void theNamespaceOverridesTheContextsAndTheContextIsPassedOn() {
        ClusterConnection connection = cluster("production", "prod-kubeconfig", "mock", "team-a").toConnection(credentials);

        assertThat(connection.namespace()).isEqualTo("team-a");
        assertThat(connection.source()).isInstanceOfSatisfying(ClusterSource.Kubeconfig.class, k -> {
            assertThat(k.context()).isEqualTo("mock");
            assertThat(k.origin()).isEqualTo("credentials 'prod-kubeconfig'");
        });
    }

    @Test
    void noCredentialMeansTheControllersServiceAccountOnlyWhenEnabled() {
        ClusterDefinition local = cluster("local", "  ", null, null);

        assertThat(local.isInCluster()).isFalse();
        local.setInCluster(true);
        assertThat(local.toConnection(credentials).source()).isInstanceOf(ClusterSource.InCluster.class);
    }

    @Test
    void anUnknownContextIsReportedByTestConnection() {
        assertThatThrownBy(() -> ClusterDefinition.describe(cluster("production", "prod-kubeconfig", "prod", null), credentials))
                .isInstanceOf(ClusterException.class)
                .hasMessage("Kubeconfig credentials 'prod-kubeconfig' (cluster 'production') has no context 'prod';"
                        + " it has: mock, other");
    }

    @Test
    void anUnknownCredentialIsNamed() {
        assertThatThrownBy(() -> cluster("production", "gone", null, null).toConnection(credentials))
                .hasMessage("No global credentials with ID 'gone' (a Secret file or Secret text holding a kubeconfig)");
    }

    @Test
    void namesAreCheckedAndMustBeUnique() {
        assertThat(ClusterDefinition.nameProblem("prod-eu.1")).isNull();
        assertThat(ClusterDefinition.nameProblem(" ")).isEqualTo("A cluster needs a name; pipelines refer to clusters by name");
        assertThat(ClusterDefinition.nameProblem("-prod")).isEqualTo("Cluster name '-prod' must be 1 to 63 letters,"
                + " digits, '.', '_' or '-', starting and ending with a letter or digit");
        assertThat(ClusterDefinition.nameProblem("x".repeat(64))).startsWith("Cluster name 'xxx");

        assertThatThrownBy(() -> GitOpsBridgeConfiguration.checked(List.of(
                        cluster("build", null, null, null), cluster("prod", "prod-kubeconfig", null, null),
                        cluster("build", "other", null, null))))
                .hasMessage("Cluster name 'build' is used twice; names must be unique");
        assertThatThrownBy(() -> GitOpsBridgeConfiguration.checked(List.of(cluster("", null, null, null))))
                .hasMessage("A cluster needs a name; pipelines refer to clusters by name");
        assertThat(GitOpsBridgeConfiguration.checked(null)).isEmpty();
    }

    @Test
    void anUnknownClusterNameListsTheConfiguredOnes() {
        List<ClusterDefinition> clusters = List.of(cluster("build", null, null, null), cluster("prod", "p", null, null));

        assertThat(GitOpsBridgeConfiguration.find(clusters, "prod").getCredentialsId()).isEqualTo("p");
        assertThatThrownBy(() -> GitOpsBridgeConfiguration.find(clusters, "staging"))
                .hasMessage("No cluster named 'staging' in Manage Jenkins › System › GitOps Bridge; configured: build, prod");
        assertThatThrownBy(() -> GitOpsBridgeConfiguration.find(List.of(), "staging"))
                .hasMessage("No cluster named 'staging' in Manage Jenkins › System › GitOps Bridge; configured: none");
    }
}
