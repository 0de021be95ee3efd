package io.jenkins.plugins.gitopsbridge.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.pod.PodPolicy;
import io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.config.InMemoryConfiguration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which jobs reach which cluster and application, and what their Pods may do there. */
class FolderRestrictionsTest {
    private static GitOpsBridgeConfiguration config(List<ClusterDefinition> clusters, List<ApplicationDefinition> apps) {
        GitOpsBridgeConfiguration config = InMemoryConfiguration.create();
        config.setClusters(clusters);
        config.setApplications(apps);
        return config;
    }

    private static ClusterDefinition prod() {
        ClusterDefinition prod = new ClusterDefinition("prod");
        prod.setCredentialsId("prod-kubeconfig");
        prod.setAllowedFolders("team-a\n# platform jobs deploy everywhere\nplatform/deploy\n");
        return prod;
    }

    @Test
    void aJobOutsideTheClustersFoldersIsRefusedNamingTheClusterAndTheFolder() {
        GitOpsBridgeConfiguration config = config(List.of(prod()), List.of());

        assertThat(config.clusterFor("prod", "team-a/api/main").getName()).isEqualTo("prod");
        assertThat(config.clusterFor(null, "platform/deploy").getName()).isEqualTo("prod");
        assertThatThrownBy(() -> config.clusterFor("prod", "team-b/api/main"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Cluster 'prod' may be used only by jobs in team-a, platform/deploy; job 'team-b/api/main' is in"
                        + " folder 'team-b/api'. An administrator grants folders in Manage Jenkins › System › GitOps Bridge"
                        + " (Allowed folders).");
        assertThatThrownBy(() -> config.clusterFor("prod", "team-a-fork/api")).as("a folder is matched whole, not as a prefix")
                .hasMessageContaining("job 'team-a-fork/api' is in folder 'team-a-fork'");
        assertThatThrownBy(() -> config.clusterFor("prod", "seed")).hasMessageContaining("job 'seed' is in the top level");
        assertThatThrownBy(() -> config.clusterFor("prod", "platform/deploy-other"))
                .hasMessageContaining("job 'platform/deploy-other' is in folder 'platform'");
    }

    @Test
    void aClusterWithoutFoldersAdmitsEveryJob() {
        ClusterDefinition dev = new ClusterDefinition("dev");
        dev.setCredentialsId("dev-kubeconfig");
        assertThat(config(List.of(dev), List.of()).clusterFor("dev", "anyone/anything").getName()).isEqualTo("dev");
    }

    @Test
    void anApplicationIsSyncedOnlyByTheFoldersItAllows() {
        ApplicationDefinition shop = new ApplicationDefinition("shop");
        shop.setRepoURL("https://git.example.com/config.git");
        shop.setAllowedFolders("shop-team");
        GitOpsBridgeConfiguration config = config(List.of(prod()), List.of(shop));

        assertThat(config.application("shop", "shop-team/release").getName()).isEqualTo("shop");
        assertThatThrownBy(() -> config.application("shop", "team-a/api"))
                .hasMessageStartingWith("Application 'shop' may be used only by jobs in shop-team; job 'team-a/api' is in"
                        + " folder 'team-a'.");
    }

    @Test
    void theControllersServiceAccountIsUsedOnlyWhenEnabled() {
        ClusterDefinition local = new ClusterDefinition("local");
        assertThatThrownBy(() -> local.toConnection(id -> "unused"))
                .hasMessage("Cluster 'local' has no kubeconfig credentials, and using the service account of the Pod Jenkins"
                        + " runs in is not enabled for it; an administrator chooses one in Manage Jenkins › System ›"
                        + " GitOps Bridge");
        local.setInCluster(true);
        assertThat(local.toConnection(id -> "unused").source()).isInstanceOf(io.gitopsbridge.cluster.ClusterSource.InCluster.class);
    }

    @Test
    void podLimitsAreTheClustersSettings() {
        ClusterDefinition prod = prod();
        prod.setAllowedNamespaces("ci\nbuilds\n");
        prod.setAllowedServiceAccounts("builder");
        assertThat(prod.podPolicy()).isEqualTo(new PodPolicy("prod", Set.of("ci", "builds"), Set.of("builder"),
                PodPolicy.Level.BASELINE));
        prod.setPodSecurity("privileged");
        assertThat(prod.podPolicy().level()).isEqualTo(PodPolicy.Level.PRIVILEGED);
        assertThat(new ClusterDefinition("x").podPolicy()).as("defaults: any namespace and account, baseline Pods")
                .isEqualTo(new PodPolicy("x", Set.of(), Set.of(), PodPolicy.Level.BASELINE));
    }

    @Test
    void execPluginsInAStoredKubeconfigNeedTheAdministrator() {
        ClusterDefinition aws = new ClusterDefinition("eks");
        aws.setCredentialsId("eks-kubeconfig");
        var source = (io.gitopsbridge.cluster.ClusterSource.Kubeconfig) aws.toConnection(id -> "apiVersion: v1\n").source();
        assertThat(source.execAllowed()).isFalse();
        aws.setExecAllowed(true);
        assertThat(((io.gitopsbridge.cluster.ClusterSource.Kubeconfig) aws.toConnection(id -> "x").source()).execAllowed()).isTrue();
    }
}
