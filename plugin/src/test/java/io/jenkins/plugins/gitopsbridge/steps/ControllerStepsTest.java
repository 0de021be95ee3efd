package io.jenkins.plugins.gitopsbridge.steps;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import io.gitopsbridge.app.SyncPolicy;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.controller.SelfHealBackoff;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.config.InMemoryConfiguration;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The controller service on the test API with a Git HTTP server: it reconciles the configured applications of a
 * cluster with an automated one, {@code gitopsSync} and {@code gitopsRollback} go through its queue, off it changes
 * nothing, and a restart goes on from the status files.
 */
@Timeout(120)
class ControllerStepsTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final EngineSettings FAST = EngineSettings.DEFAULTS.withTiming(Duration.ZERO, Duration.ofMillis(50));
    /** Refreshes come from cache events and requests only, so what a test sees is what it caused. */
    private static final ControllerService.Settings SETTINGS = new ControllerService.Settings(new Controller.Settings(
            Duration.ofHours(1), Duration.ZERO, 2, new SelfHealBackoff(Duration.ofMillis(20), 3, Duration.ofMillis(500),
                    Duration.ZERO), ZoneOffset.UTC), FAST, Duration.ofSeconds(30), Duration.ZERO, Duration.ofHours(24));

    @TempDir
    Path dir;

    private static final java.util.concurrent.atomic.AtomicInteger TESTS = new java.util.concurrent.atomic.AtomicInteger();
    /** Names of this test's own: objects of one test's applications stay in the API server the tests share. */
    private final String shop = "shop-" + TESTS.incrementAndGet();
    private final String cart = "cart-" + TESTS.get();
    private final ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
    private final PrintStream log = new PrintStream(logBytes, true, StandardCharsets.UTF_8);
    private GitHttpServer git;
    private GitOpsBridgeConfiguration config;
    private ControllerService service;

    @BeforeEach
    void setUp() throws Exception {
        git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")));
        git.createRepository("config", Map.of(
                "shop/settings.yaml", configMap("1"),
                "cart/settings.yaml", configMap("1")));
        config = InMemoryConfiguration.create();
        ClusterDefinition cluster = new ClusterDefinition("test");
        cluster.setCredentialsId("test-kubeconfig");
        config.setClusters(List.of(cluster));
        config.setApplications(List.of(application(shop, true), application(cart, false)));
        config.setControllerEnabled(true);
        service = new ControllerService(() -> config, c -> c.connect(id -> api.kubeconfig("test-token", "default")),
                id -> GitAuth.NONE, dir.resolve("applications"), dir.resolve("cache"), SETTINGS);
    }

    @AfterEach
    void tearDown() {
        service.stop();
        git.close();
    }

    private static String configMap(String value) {
        return "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {v: '" + value + "'}\n";
    }

    private ApplicationDefinition application(String name, boolean automated) {
        ApplicationDefinition app = new ApplicationDefinition(name);
        app.setRepoURL(git.url("config").toString());
        app.setPath(name.substring(0, 4));
        app.setNamespace("ctl-" + name);
        app.setSyncOptions("CreateNamespace=true");
        app.setCluster("test");
        app.setAutomated(automated);
        return app;
    }

    private static String value(String app) {
        var cm = api.client().configMaps().inNamespace("ctl-" + app).withName("settings").get();
        return cm == null ? null : cm.getData().get("v");
    }

    private ApplicationStatus status(String app) throws IOException {
        Path f = dir.resolve("applications").resolve(app + ".yaml");
        try {
            return StatusFile.read(f);
        } catch (RuntimeException e) {
            throw new AssertionError(Files.readString(f), e);
        }
    }

    /** Commits {@code value} as the ConfigMap of every application. */
    private void commit(String value) throws Exception {
        Path work = Files.createTempDirectory(dir, "work");
        try (var clone = org.eclipse.jgit.api.Git.cloneRepository().setURI(git.url("config").toString())
                .setDirectory(work.toFile()).call()) {
            Files.writeString(work.resolve("shop/settings.yaml"), configMap(value));
            Files.writeString(work.resolve("cart/settings.yaml"), configMap(value));
            clone.add().addFilepattern(".").call();
            clone.commit().setMessage("v" + value).setAuthor("t", "t@example.com").setCommitter("t", "t@example.com").call();
            clone.push().call();
        }
    }

    private static SyncStepRun.Options options() {
        return new SyncStepRun.Options(null, true, false, false, true, Duration.ofSeconds(60), "shop/deploy#7");
    }

    @Test
    void automatedSyncPolicyIsTheApplicationsSyncPolicy() {
        ApplicationDefinition app = application(shop, true);
        app.setPrune(true);
        app.setSelfHeal(true);
        assertThat(app.toApplication().syncPolicy().automated()).isEqualTo(new SyncPolicy.Automated(true, true, true, false));
        assertThat(app.toApplication().syncPolicy().syncOptions().on("CreateNamespace")).isTrue();
        assertThat(application(cart, false).toApplication().syncPolicy().automated()).isNull();
    }

    @Test
    void theServiceSyncsAnAutomatedApplicationAndGitopsSyncGoesThroughItsQueue() throws Exception {
        service.start();
        eventually("the automated sync of shop", () -> "1".equals(value(shop)) && history(shop) == 1);
        assertThat(status(shop).operationState().operation().automated()).isTrue();
        assertThat(value(cart)).as("manual: compared, never synced by the controller").isNull();
        eventually("cart compared", () -> reconciled(cart));

        Optional<Map<String, Object>> synced = ControllerRun.sync(service, cart, "test", options(), log);
        assertThat(synced).hasValueSatisfying(r -> assertThat(r).containsEntry("application", cart)
                .containsEntry("phase", "Succeeded").containsEntry("sync", "Synced").containsEntry("health", "Healthy"));
        assertThat(value(cart)).isEqualTo("1");
        assertThat(status(cart).operationState().operation().automated()).as("the step's sync, in the status file").isFalse();
        assertThat(status(cart).operationState().operation().username()).isEqualTo("shop/deploy#7");
        assertThat(status(cart).history()).extracting(ApplicationStatus.HistoryEntry::username).containsExactly("shop/deploy#7");
        assertThat(status(shop).history()).extracting(h -> h.automated() + " " + h.username()).containsExactly("true ");
        assertThat(logBytes.toString(StandardCharsets.UTF_8))
                .contains("[gitops-bridge] gitopsSync " + cart + " through the controller of cluster 'test'");

        assertThat(ControllerRun.sync(service, cart, "other", options(), log)).as("another cluster: the step syncs").isEmpty();
        assertThat(ControllerRun.sync(service, cart, "test", new SyncStepRun.Options(null, false, true, false, false,
                Duration.ofSeconds(60), null), log)).as("a dry run writes nothing: the step runs it").isEmpty();
    }

    @Test
    void offOrWithoutAnAutomatedApplicationNoControllerRunsAndStepsSyncThemselves() throws Exception {
        config.setControllerEnabled(false);
        service.start();
        assertThat(service.reconciling(shop, "test")).isEmpty();
        assertThat(ControllerRun.sync(service, shop, "test", options(), log)).isEmpty();
        assertThat(value(shop)).isNull();
        assertThat(Files.exists(dir.resolve("applications/shop.yaml"))).as("no status written").isFalse();

        config.setControllerEnabled(true);
        service.reconfigure();
        assertThat(service.reconciling(shop, "test")).isPresent();
        config.setApplications(List.of(application(shop, false), application(cart, false)));
        service.reconfigure();
        assertThat(service.reconciling(shop, "test")).as("no automated application left on the cluster").isEmpty();
    }

    @Test
    void rollbackGoesThroughTheControllerWithArgoCdsRefusals() throws Exception {
        service.start();
        eventually("cart compared", () -> reconciled(cart));
        assertThat(ControllerRun.sync(service, cart, "test", options(), log)).isPresent();
        commit("2");
        assertThat(ControllerRun.sync(service, cart, "test", options(), log)).isPresent();
        assertThat(value(cart)).isEqualTo("2");
        assertThat(status(cart).history()).extracting(ApplicationStatus.HistoryEntry::id).containsExactly(0L, 1L);

        Map<String, Object> back = ControllerRun.rollback(service, cart, "test", 0, options(), log).orElseThrow();
        assertThat(back).containsEntry("phase", "Succeeded");
        assertThat(value(cart)).isEqualTo("1");
        String second = status(cart).history().get(1).revisions().get(0);
        assertThat(ControllerRun.sync(service, cart, "test", new SyncStepRun.Options(second, true, false, false, true,
                Duration.ofSeconds(60), null), log)).as("gitopsSync revision: through the queue").isPresent();
        assertThat(value(cart)).isEqualTo("2");

        assertThatThrownBy(() -> ControllerRun.rollback(service, cart, "test", 9, options(), log))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("gitopsRollback " + cart + ": application " + cart + " does not have deployment with id 9");
        assertThatThrownBy(() -> ControllerRun.rollback(service, shop, "test", 0, options(), log))
                .isInstanceOf(StepFailedException.class)
                .hasMessage("gitopsRollback " + shop + ": rollback cannot be initiated when auto-sync is enabled");
    }

    @Test
    void withoutTheControllerARollbackSyncsTheEntrysRevisionItself() throws Exception {
        config.setControllerEnabled(false);
        service.start();
        GitSources sources = new GitSources(dir.resolve("step-sources"), 16);
        Path statuses = dir.resolve("applications");
        SyncStepRun.Scope scope = new SyncStepRun.Scope("test", java.util.Set.of(), null);
        var cartApp = application(cart, false).toApplication();
        SyncStepRun.run(cartApp, api.client(), sources, statuses, options(), scope, log, FAST);
        commit("3");
        SyncStepRun.run(cartApp, api.client(), sources, statuses, options(), scope, log, FAST);
        assertThat(value(cart)).isEqualTo("3");

        assertThat(ControllerRun.rollback(service, cart, "test", 0, options(), log)).isEmpty();
        assertThat(ControllerRun.rollbackDirectly(cartApp, 0, api.client(), sources, statuses, options(), scope, log, FAST))
                .containsEntry("phase", "Succeeded");
        assertThat(value(cart)).isEqualTo("1");
        assertThatThrownBy(() -> ControllerRun.rollbackDirectly(cartApp, 9, api.client(), sources, statuses, options(), scope,
                log, FAST)).hasMessage("gitopsRollback " + cart + ": application " + cart + " does not have deployment with id 9");
        var shopApp = application(shop, true).toApplication();
        assertThatThrownBy(() -> ControllerRun.rollbackDirectly(shopApp, 0, api.client(), sources, statuses, options(), scope,
                log, FAST)).hasMessage("gitopsRollback " + shop + ": rollback cannot be initiated when auto-sync is enabled");
    }

    @Test
    void aRestartedServiceGoesOnFromTheStatusFilesWithoutSyncingAgain() throws Exception {
        service.start();
        eventually("the automated sync of shop", () -> "1".equals(value(shop)) && history(shop) == 1);
        ApplicationStatus before = status(shop);
        service.stop();

        service.start();
        Controller controller = service.reconciling(shop, "test").orElseThrow();
        controller.refresh(shop);
        eventually("shop compared again", () -> {
            ApplicationStatus now = controller.application(shop).orElseThrow().status();
            return now.reconciledAt() != null && now.reconciledAt().isAfter(before.reconciledAt());
        });
        assertThat(status(shop).history()).as("c1 already synced: no second sync").hasSize(1);
        assertThat(status(shop).operationState().startedAt()).isEqualTo(before.operationState().startedAt());
    }

    @Test
    void objectsOutsideTheClustersNamespacesAreNeverSynced() throws Exception {
        ClusterDefinition narrow = new ClusterDefinition("test");
        narrow.setCredentialsId("test-kubeconfig");
        narrow.setAllowedNamespaces("somewhere-else");
        config.setClusters(List.of(narrow));
        service.start();
        eventually("shop compared", () -> reconciled(shop));
        assertThat(status(shop).conditions()).extracting(ApplicationStatus.Condition::message).anySatisfy(m -> assertThat(m)
                .contains("cluster 'test' does not allow namespace ctl-" + shop + " (allowed: somewhere-else)"));
        assertThat(value(shop)).isNull();
    }

    private long history(String app) {
        try {
            return status(app).history().size();
        } catch (IOException e) {
            return -1;
        }
    }

    private boolean reconciled(String app) {
        try {
            return status(app).reconciledAt() != null;
        } catch (IOException e) {
            return false;
        }
    }
}
