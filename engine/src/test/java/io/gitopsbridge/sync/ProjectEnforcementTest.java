package io.gitopsbridge.sync;

import static io.gitopsbridge.sync.SyncFixtures.FAST;
import static io.gitopsbridge.sync.SyncFixtures.target;
import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.AppProject;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.Projects;
import io.gitopsbridge.kube.ClientResources;
import io.gitopsbridge.testing.KubernetesApi;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** An application's AppProject is enforced before any write, with Argo CD's messages; nothing is written when it refuses. */
class ProjectEnforcementTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static Application app(String name, String project) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  project: %s
                  source: {repoURL: https://git.example.com/config.git, path: apps/%s, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(name, project, name, name));
    }

    private static AppProject project(String spec) {
        return AppProject.parse("team.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: team, namespace: argocd}
                spec:
                %s""".formatted(spec.indent(2)));
    }

    private static final String PERMISSIVE = """
            sourceRepos: ['https://git.example.com/*']
            destinations: [{server: 'https://kubernetes.default.svc', namespace: '*'}]
            """;

    private static SyncResult sync(Application app, AppProject project, String yaml, SyncRequest request) {
        return new SyncEngine(new ClientResources(api.client()), FAST, Clock.systemUTC(), Projects.of(List.of(project)))
                .sync(app, target("p1", yaml), request, line -> { });
    }

    @Test
    void aPermittedApplicationSyncs() {
        SyncResult r = sync(app("permitted", "team"), project(PERMISSIVE), SyncFixtures.configMap("c", 0, null, null), SyncRequest.DEFAULT);
        assertThat(r.succeeded()).as(r.message()).isTrue();
    }

    @Test
    void eachRuleRefusesWithArgoCdsMessageAndWritesNothing() {
        String configMap = SyncFixtures.configMap("c", 0, null, null);
        SyncResult repo = sync(app("repo", "team"), project("sourceRepos: ['https://other.example.com/*']\n"
                + "destinations: [{server: '*', namespace: '*'}]"), configMap, SyncRequest.DEFAULT);
        assertThat(repo.message()).isEqualTo("Not synced, nothing was changed: application repo https://git.example.com/config.git"
                + " is not permitted in project 'team'");

        SyncResult destination = sync(app("dest", "team"), project("sourceRepos: ['*']\ndestinations: [{server: '*', namespace: shop}]"),
                configMap, SyncRequest.DEFAULT);
        assertThat(destination.message()).isEqualTo("Not synced, nothing was changed: application destination server"
                + " 'https://kubernetes.default.svc' and namespace 'dest' do not match any of the allowed destinations in project 'team'");

        SyncResult kind = sync(app("kind", "team"), project(PERMISSIVE), configMap + """
                ---
                apiVersion: rbac.authorization.k8s.io/v1
                kind: ClusterRole
                metadata: {name: reader}
                rules: []
                """, SyncRequest.DEFAULT);
        assertThat(kind.message()).isEqualTo("Not synced, nothing was changed: resource rbac.authorization.k8s.io:ClusterRole is not"
                + " permitted in project team");

        Application creating = Application.parse("creating.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: creating, namespace: argocd}
                spec:
                  project: team
                  source: {repoURL: https://git.example.com/config.git, path: apps/creating, targetRevision: main}
                  destination: {server: https://kubernetes.default.svc, namespace: brand-new}
                  syncPolicy: {syncOptions: [CreateNamespace=true]}
                """);
        assertThat(sync(creating, project(PERMISSIVE), configMap, SyncRequest.DEFAULT).message()).as("the namespace it would create")
                .isEqualTo("Not synced, nothing was changed: resource :Namespace is not permitted in project team");
        assertThat(api.client().namespaces().withName("brand-new").get()).isNull();

        SyncResult missing = sync(app("missing", "nobody"), project(PERMISSIVE), configMap, SyncRequest.DEFAULT);
        assertThat(missing.message()).isEqualTo("Not synced, nothing was changed: Application referencing project nobody which does"
                + " not exist");
        for (String ns : List.of("repo", "dest", "kind", "missing")) {
            assertThat(api.client().configMaps().inNamespace(ns).list().getItems()).as(ns).isEmpty();
        }
    }

    @Test
    void anOpenDenyWindowHoldsAutomatedSyncsAndLetsManualOnesThroughWithManualSync() {
        AppProject frozen = project(PERMISSIVE + """
                syncWindows:
                - {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*'], manualSync: true}
                """);
        String configMap = SyncFixtures.configMap("c", 0, null, null);

        SyncResult automated = sync(app("frozen", "team"), frozen, configMap, SyncRequest.DEFAULT.automatedSync(0));
        assertThat(automated.message()).isEqualTo("Not synced, nothing was changed: blocked by a sync window of project 'team'");
        SyncResult manual = sync(app("frozen", "team"), frozen, configMap, SyncRequest.DEFAULT.by("alice"));
        assertThat(manual.succeeded()).as(manual.message()).isTrue();
    }

    @Test
    void projectsAreReadFromTheClusterAsArgoCdKeepsThem() {
        api.client().genericKubernetesResources(Projects.RESOURCE).inNamespace("argocd").resource(
                api.client().getKubernetesSerialization().unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: AppProject
                        metadata: {name: payments, namespace: argocd}
                        spec:
                          sourceRepos: ['https://git.example.com/payments/*']
                          destinations: [{server: '*', namespace: payments}]
                        """, io.fabric8.kubernetes.api.model.GenericKubernetesResource.class)).create();

        Projects projects = Projects.fromCluster(api.client(), "argocd");
        assertThat(projects.get("payments").orElseThrow().sourceRepos()).containsExactly("https://git.example.com/payments/*");
        assertThat(projects.get("default")).as("Argo CD's default when none is stored").contains(AppProject.DEFAULT);
        assertThat(projects.get("other")).isEmpty();
    }
}
