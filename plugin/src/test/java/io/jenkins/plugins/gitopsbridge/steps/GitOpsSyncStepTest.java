package io.jenkins.plugins.gitopsbridge.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitopsSync} as a build runs it, minus Jenkins: Git HTTP server, mock API server, status files. */
class GitOpsSyncStepTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final EngineSettings FAST = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50));

    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);

    private static SyncStepRun.Options options(boolean prune, boolean dryRun) {
        return new SyncStepRun.Options(null, prune, dryRun, false, false, Duration.ofMinutes(1), "shop/deploy#7");
    }

    @Test
    void syncsAConfiguredApplicationKeepsItsStatusAndPrunesOnTheNextBuild(@TempDir Path dir) throws Exception {
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of(
                    "shop/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {v: '1'}\n",
                    "shop/old.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: old}\n"));
            ApplicationDefinition def = new ApplicationDefinition("shop");
            def.setRepoURL(git.url("config").toString());
            def.setPath("shop");
            def.setNamespace("step-shop");
            def.setSyncOptions("CreateNamespace=true\n");
            Application app = def.toApplication();
            GitSources sources = new GitSources(dir.resolve("sources"), 16);
            Path statuses = dir.resolve("statuses");

            Map<String, Object> planned = SyncStepRun.run(app, api.client(), sources, statuses, options(false, true), SyncStepRun.Scope.ANY, log, FAST);
            assertThat(planned.get("phase")).isEqualTo("DryRun");
            assertThat((String) planned.get("plan")).contains("create           ConfigMap step-shop/old", "create           ConfigMap step-shop/web");
            assertThat(api.client().configMaps().inNamespace("step-shop").list().getItems()).isEmpty();
            assertThat(statuses.resolve("shop.yaml")).doesNotExist();

            Map<String, Object> first = SyncStepRun.run(app, api.client(), sources, statuses, options(false, false), SyncStepRun.Scope.ANY, log, FAST);
            assertThat(first).containsEntry("phase", "Succeeded").containsEntry("sync", "Synced").containsEntry("health", "Healthy");
            assertThat((List<?>) first.get("resources")).hasSize(2);
            assertThat(Files.readString(statuses.resolve("shop.yaml"))).contains("name: old", "deployedAt");

            // The next commit drops old.yaml; the status file tells the next build what the application managed.
            Path work = dir.resolve("work");
            try (var clone = org.eclipse.jgit.api.Git.cloneRepository().setURI(git.url("config").toString())
                    .setDirectory(work.toFile()).call()) {
                Files.delete(work.resolve("shop/old.yaml"));
                clone.rm().addFilepattern("shop/old.yaml").call();
                clone.commit().setMessage("drop old").setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
                clone.push().call();
            }
            Map<String, Object> second = SyncStepRun.run(app, api.client(), sources, statuses, options(true, false), SyncStepRun.Scope.ANY, log, FAST);
            assertThat(second.get("message").toString()).contains("1 prune");
            assertThat(api.client().configMaps().inNamespace("step-shop").withName("old").get()).isNull();
            assertThat(logBytes.toString(StandardCharsets.UTF_8)).contains("[gitops-bridge] Rendered shop at ", "[gitops-bridge] Pruned ConfigMap step-shop/old");
        }
    }

    @Test
    void aSyncThatFailsFailsTheStepWithTheReasonAndKeepsTheStatus(@TempDir Path dir) throws Exception {
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of("bad/kustomization.yaml", "resources: [missing.yaml]\n"));
            ApplicationDefinition def = new ApplicationDefinition("bad");
            def.setRepoURL(git.url("config").toString());
            def.setPath("bad");
            assertThatThrownBy(() -> SyncStepRun.run(def.toApplication(), api.client(), new GitSources(dir.resolve("s"), 4),
                    dir.resolve("st"), options(true, false), SyncStepRun.Scope.ANY, log, FAST))
                    .isInstanceOf(StepFailedException.class)
                    .hasMessageStartingWith("gitopsSync bad: Not synced: rendering failed: ")
                    .hasMessageContaining("missing.yaml");
            assertThat(Files.readString(dir.resolve("st/bad.yaml"))).contains("status: Unknown", "ComparisonError");
        }
    }

    /** An Application YAML as a job keeps it in its workspace. */
    private static Application workspaceApp(String name, java.net.URI repo, String path, String destination) {
        return Application.parse("ws/app.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s}
                spec:
                  source: {repoURL: %s, path: %s, targetRevision: main}
                  destination: {%s}
                """.formatted(name, repo, path, destination));
    }

    @Test
    void objectsGoOnlyToNamespacesTheClusterAllows(@TempDir Path dir) throws Exception {
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of(
                    "app/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n",
                    "app/system.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: sneaky, namespace: kube-system}\n"));
            Application app = workspaceApp("team-app", git.url("config"), "app", "name: prod, namespace: team-a");
            SyncStepRun.Scope scope = new SyncStepRun.Scope("prod", java.util.Set.of("team-a"), "team-a/deploy");

            assertThatThrownBy(() -> SyncStepRun.run(app, api.client(), new GitSources(dir.resolve("s"), 4), dir.resolve("st"),
                    options(false, false), scope, log, FAST))
                    .hasMessage("Application 'team-app': cluster 'prod' does not allow namespace kube-system (allowed:"
                            + " team-a); nothing was applied");
            assertThat(api.client().configMaps().inNamespace("team-a").list().getItems()).isEmpty();
            assertThat(api.client().configMaps().inNamespace("kube-system").list().getItems()).isEmpty();

            git.createRepository("other", Map.of(
                    "plain/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n",
                    "scoped/ns.yaml", "apiVersion: v1\nkind: Namespace\nmetadata: {name: team-a}\n"));
            Application noDestinationNamespace = workspaceApp("team-plain", git.url("other"), "plain", "name: prod");
            assertThatThrownBy(() -> SyncStepRun.run(noDestinationNamespace, api.client(), new GitSources(dir.resolve("s"), 4),
                    dir.resolve("st"), options(false, false), scope, log, FAST))
                    .as("no namespace anywhere means 'default', as Argo CD places it")
                    .hasMessage("Application 'team-plain': cluster 'prod' does not allow namespace default (allowed: team-a);"
                            + " nothing was applied");
            Application clusterScoped = workspaceApp("team-scoped", git.url("other"), "scoped", "name: prod, namespace: team-a");
            assertThatThrownBy(() -> SyncStepRun.run(clusterScoped, api.client(), new GitSources(dir.resolve("s"), 4),
                    dir.resolve("st"), options(false, false), scope, log, FAST))
                    .hasMessage("Application 'team-scoped': cluster 'prod' allows only namespaced objects in (allowed: team-a),"
                            + " and Namespace team-a is cluster-scoped; nothing was applied");
        }
    }

    @Test
    void aWorkspaceApplicationsNameBelongsToTheJobThatSyncedItFirst(@TempDir Path dir) throws Exception {
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of("app/web.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\n"));
            Application app = workspaceApp("shared-name", git.url("config"), "app", "name: prod, namespace: owners");
            GitSources sources = new GitSources(dir.resolve("s"), 4);
            Path statuses = dir.resolve("st");
            SyncStepRun.Scope teamA = new SyncStepRun.Scope("prod", java.util.Set.of(), "team-a/deploy");
            SyncStepRun.Scope teamB = new SyncStepRun.Scope("prod", java.util.Set.of(), "team-b/deploy");

            assertThat(SyncStepRun.run(app, api.client(), sources, statuses, options(true, true), teamB, log, FAST))
                    .as("a dry run claims nothing").containsEntry("phase", "DryRun");
            assertThat(SyncStepRun.run(app, api.client(), sources, statuses, options(true, false), teamA, log, FAST))
                    .containsEntry("phase", "Succeeded");
            assertThatThrownBy(() -> SyncStepRun.run(app, api.client(), sources, statuses, options(true, false), teamB, log, FAST))
                    .hasMessage("Application 'shared-name' belongs to job 'team-a/deploy', which synced it first; give this"
                            + " job's Application another name (an administrator can hand the name over by deleting "
                            + statuses.resolve("shared-name.owner") + ")");
            assertThat(SyncStepRun.run(app, api.client(), sources, statuses, options(true, false), teamA, log, FAST))
                    .containsEntry("phase", "Succeeded");
        }
    }

    @Test
    void aWorkspaceFileCannotReuseAConfiguredApplicationsName() {
        var config = io.jenkins.plugins.gitopsbridge.config.InMemoryConfiguration.create();
        ApplicationDefinition shop = new ApplicationDefinition("shop");
        shop.setRepoURL("https://git.example.com/c.git");
        config.setApplications(List.of(shop));
        Application mine = Application.parse("app.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: shop}
                spec:
                  source: {repoURL: https://git.example.com/mine.git, path: ., targetRevision: main}
                  destination: {name: prod, namespace: shop}
                """);
        GitOpsSyncStep step = new GitOpsSyncStep();
        step.setFile("app.yaml");
        assertThatThrownBy(() -> step.refuseConfiguredName(config, mine))
                .hasMessage("gitopsSync file: 'app.yaml' names Application 'shop', which is configured in Manage Jenkins ›"
                        + " System › GitOps Bridge; sync it with application: 'shop', or give the file's Application another"
                        + " name");
    }

    @Test
    void badArgumentsAreNamed() {
        GitOpsSyncStep step = new GitOpsSyncStep();
        assertThatThrownBy(() -> step.resolve(null, null, "team/deploy")).hasMessage("gitopsSync needs exactly one of application (a name from"
                + " Manage Jenkins › System › GitOps Bridge) and file (an Application YAML in the workspace)");
        step.setCredentialsId("config-read");
        assertThatThrownBy(() -> step.gitAuth(null, id -> {
            throw new IllegalArgumentException("No 'Username with password' credentials with ID '" + id
                    + "' are available to this build");
        })).hasMessage("No 'Username with password' credentials with ID 'config-read' are available to this build");
        assertThat(step.gitAuth(null, id -> new CredentialsLookup.UserPass("ci", "canary-token-sync-step")))
                .isEqualTo(new io.gitopsbridge.git.GitAuth.UsernamePassword("ci", "canary-token-sync-step"));
        step.setTimeout("soon");
        assertThat(step.getTimeout()).as("kept for the Snippet Generator; refused when the step runs").isEqualTo("soon");
        assertThatThrownBy(step::options).hasMessageContaining("timeout: ").hasMessageContaining("'soon' is not a duration");
        step.setTimeout("0");
        assertThatThrownBy(step::options).hasMessage("timeout: '0' must be more than zero");
        var config = io.jenkins.plugins.gitopsbridge.config.InMemoryConfiguration.create();
        ApplicationDefinition badName = new ApplicationDefinition("Shop_1");
        badName.setRepoURL("https://git.example.com/c.git");
        assertThatThrownBy(() -> config.setApplications(List.of(badName))).hasMessage("Application name 'Shop_1' must be 1 to 53"
                + " lowercase letters, digits or '-', starting and ending with a letter or digit");
        assertThatThrownBy(() -> config.setApplications(List.of(new ApplicationDefinition("shop"))))
                .hasMessage("Application 'shop' needs a repository URL");
        ApplicationDefinition shop = new ApplicationDefinition("shop");
        shop.setRepoURL("https://git.example.com/c.git");
        assertThatThrownBy(() -> config.setApplications(List.of(shop, shop)))
                .hasMessage("Application name 'shop' is used twice; names must be unique");
        ApplicationDefinition badOption = new ApplicationDefinition("shop");
        badOption.setRepoURL("https://git.example.com/c.git");
        badOption.setSyncOptions("CreateNamespace=yes");
        assertThatThrownBy(() -> config.setApplications(List.of(badOption))).hasMessage("application 'shop':"
                + " spec.syncPolicy.syncOptions: sync option CreateNamespace takes false or true, not 'yes'");
        assertThat(config.getApplications()).isEmpty();
        config.setApplications(List.of(shop));
        assertThatThrownBy(() -> config.application("cart")).hasMessage("No application named 'cart' in Manage Jenkins ›"
                + " System › GitOps Bridge; configured: shop");
    }
}
