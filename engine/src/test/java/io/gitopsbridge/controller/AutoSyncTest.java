package io.gitopsbridge.controller;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.health.Health;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.ResourceState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The cases of Argo CD's {@code TestAutoSync*}, {@code TestSkipAutoSync} and {@code TestAlreadyAttemptSync}
 * (controller/appcontroller_test.go): a Deployment {@code guestbook} OutOfSync at revision bbbb after a successful sync
 * of aaaa, unless a case says otherwise.
 */
class AutoSyncTest {
    private static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");
    private static final ResourceKey GUESTBOOK = new ResourceKey("apps", "Deployment", "default", "guestbook");

    private static Application app(String automated, String source) {
        return Application.parse("guestbook.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: guestbook, namespace: argocd}
                spec:
                  project: default
                  source: %s
                  destination: {server: https://localhost:6443, namespace: default}
                  syncPolicy: %s
                """.formatted(source, automated));
    }

    private static final String SOURCE = "{repoURL: https://github.com/argoproj/argocd-example-apps.git, path: some/path,"
            + " targetRevision: HEAD}";

    private static Map<String, Object> sourceSpec(Application app) {
        return app.sources().get(0).spec();
    }

    /** The application after an operation of {@code phase} that synced {@code revision} from its current spec. */
    private static Application after(Application app, String phase, String revision, ApplicationStatus.Operation operation,
            Instant finishedAt) {
        return app.withStatus(ApplicationStatus.EMPTY.withOperation(new ApplicationStatus.OperationState(phase, "one or more"
                + " objects failed to apply", NOW.minusSeconds(60), finishedAt, List.of(revision), List.of(), 0, operation,
                List.of(sourceSpec(app)))));
    }

    private static ResourceState resource(ResourceKey key, SyncCode status, boolean requiresPruning) {
        return new ResourceState(key, null, requiresPruning ? null : Map.of(), Map.of(), null, status, null, null, requiresPruning, 0,
                SyncOptions.NONE, null, false);
    }

    private static Comparison comparison(SyncCode status, String revision, ResourceState... resources) {
        return new Comparison(status, new Health(HealthStatus.HEALTHY, ""), List.of(resources), List.of(), List.of(), List.of(revision));
    }

    private static AutoSync.Decision decide(Application app, Comparison c) {
        return AutoSync.decide(app, c, false, false, SelfHealBackoff.DEFAULT, NOW);
    }

    private static final ApplicationStatus.Operation AUTOMATED = new ApplicationStatus.Operation(true, "", false, 0, List.of());

    @Test
    void aNewRevisionIsSyncedWithTheAutomatedPolicysPruneAndFiveRetries() {
        Application app = after(app("{automated: {}}", SOURCE), "Succeeded", "aaaa", AUTOMATED, NOW);

        AutoSync.Decision d = decide(app, comparison(SyncCode.OUT_OF_SYNC, "bbbb", resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, false)));

        assertThat(d.outcome()).isEqualTo(AutoSync.Outcome.SYNC);
        assertThat(d.message()).isEqualTo("Initiated automated sync to 'bbbb'");
        assertThat(d.request().prune()).isFalse();
        assertThat(d.request().automated()).isTrue();
        assertThat(d.request().only()).isEmpty();
        assertThat(d.retry().limit()).isEqualTo(5);
        assertThat(decide(app(" {automated: {enabled: true, prune: true}}", SOURCE), comparison(SyncCode.OUT_OF_SYNC, "bbbb",
                resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, false))).request().prune()).isTrue();
    }

    @Test
    void skipsAsArgoCdSkips() {
        Application synced = after(app("{automated: {}}", SOURCE), "Succeeded", "aaaa", AUTOMATED, NOW);
        ResourceState outOfSync = resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, false);

        assertThat(decide(synced, comparison(SyncCode.SYNCED, "bbbb", outOfSync)).message())
                .isEqualTo("Skipping auto-sync: application status is Synced");
        assertThat(decide(synced, comparison(SyncCode.UNKNOWN, "bbbb", outOfSync)).message())
                .as("a failed render never syncs").isEqualTo("Skipping auto-sync: application status is Unknown");
        assertThat(decide(app("{}", SOURCE), comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync)).outcome())
                .isEqualTo(AutoSync.Outcome.SKIP);
        assertThat(decide(app("{automated: {enabled: false}}", SOURCE), comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync))
                .outcome()).isEqualTo(AutoSync.Outcome.SKIP);
        assertThat(AutoSync.decide(synced, comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync), false, true, SelfHealBackoff.DEFAULT,
                NOW).message()).isEqualTo("Skipping auto-sync: deletion in progress");
        assertThat(AutoSync.decide(synced, comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync), true, false, SelfHealBackoff.DEFAULT,
                NOW).message()).isEqualTo("Skipping auto-sync: another operation is in progress");
        assertThat(decide(synced, comparison(SyncCode.OUT_OF_SYNC, "bbbb", resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, true))).message())
                .isEqualTo("Skipping auto-sync: need to prune extra resources only but automated prune is disabled");
        assertThat(decide(synced, comparison(SyncCode.OUT_OF_SYNC, "aaaa")).outcome()).as("PreviouslySyncedToRevision, no resources")
                .isEqualTo(AutoSync.Outcome.SKIP);
        assertThat(decide(synced, comparison(SyncCode.OUT_OF_SYNC, "aaaa", outOfSync)).message())
                .isEqualTo("Skipping auto-sync: most recent sync already to aaaa");
    }

    @Test
    void aFailedAttemptAtTheSameRevisionAndSpecIsAnErrorUntilEitherChanges() {
        Application failed = after(app("{automated: {}}", SOURCE), "Failed", "bbbb", AUTOMATED, NOW);
        ResourceState outOfSync = resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, false);

        AutoSync.Decision d = decide(failed, comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync));
        assertThat(d.outcome()).isEqualTo(AutoSync.Outcome.ERROR);
        assertThat(d.message()).isEqualTo("Failed last sync attempt to bbbb: one or more objects failed to apply");
        assertThat(decide(after(app("{automated: {}}", SOURCE), "Error", "bbbb", AUTOMATED, NOW),
                comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync)).outcome()).isEqualTo(AutoSync.Outcome.ERROR);
        assertThat(decide(failed, comparison(SyncCode.OUT_OF_SYNC, "cccc", outOfSync)).outcome()).as("a new commit")
                .isEqualTo(AutoSync.Outcome.SYNC);
        Application changedSpec = app("{automated: {}}", SOURCE.replace("some/path", "other/path")).withStatus(failed.status());
        assertThat(decide(changedSpec, comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync)).outcome()).as("a changed path")
                .isEqualTo(AutoSync.Outcome.SYNC);
        Application otherBranch = app("{automated: {}}", SOURCE.replace("HEAD", "main")).withStatus(failed.status());
        assertThat(decide(otherBranch, comparison(SyncCode.OUT_OF_SYNC, "bbbb", outOfSync)).outcome())
                .as("targetRevision is part of the spec compared, as in Argo CD's alreadyAttemptedSync")
                .isEqualTo(AutoSync.Outcome.SYNC);
    }

    @Test
    void theAllowEmptyGuardRefusesToPruneEverything() {
        Application app = after(app("{automated: {prune: true}}", SOURCE), "Succeeded", "aaaa", AUTOMATED, NOW);
        ResourceState gone = resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, true);

        AutoSync.Decision d = decide(app, comparison(SyncCode.OUT_OF_SYNC, "bbbb", gone));
        assertThat(d.outcome()).isEqualTo(AutoSync.Outcome.ERROR);
        assertThat(d.message()).isEqualTo("Skipping sync attempt to bbbb: auto-sync will wipe out all resources");
        assertThat(decide(app, comparison(SyncCode.OUT_OF_SYNC, "bbbb")).outcome()).as("no resources at all")
                .isEqualTo(AutoSync.Outcome.ERROR);
        assertThat(decide(after(app("{automated: {prune: true, allowEmpty: true}}", SOURCE), "Succeeded", "aaaa", AUTOMATED, NOW),
                comparison(SyncCode.OUT_OF_SYNC, "bbbb", gone)).outcome()).isEqualTo(AutoSync.Outcome.SYNC);
    }

    @Test
    void selfHealWaitsOutItsBackoffThenSyncsOnlyWhatDrifted() {
        ResourceKey config = new ResourceKey("", "ConfigMap", "default", "settings");
        Comparison drifted = comparison(SyncCode.OUT_OF_SYNC, "aaaa", resource(GUESTBOOK, SyncCode.OUT_OF_SYNC, false),
                resource(config, SyncCode.SYNCED, false));
        Application healedTwice = after(app("{automated: {selfHeal: true}}", SOURCE), "Succeeded", "aaaa",
                new ApplicationStatus.Operation(true, "", false, 2, List.of()), NOW.minusSeconds(4));

        AutoSync.Decision waiting = decide(healedTwice, drifted);
        assertThat(waiting.outcome()).isEqualTo(AutoSync.Outcome.WAIT);
        assertThat(waiting.after()).as("the 2nd step of 2 s × 3 is 6 s, 4 s of which have passed").isEqualTo(Duration.ofSeconds(2));
        assertThat(waiting.message()).isEqualTo("Skipping auto-sync: already attempted sync to aaaa with timeout 6s (retrying in 2s)");

        AutoSync.Decision healing = AutoSync.decide(healedTwice, drifted, false, false, SelfHealBackoff.DEFAULT, NOW.plusSeconds(2));
        assertThat(healing.outcome()).isEqualTo(AutoSync.Outcome.SYNC);
        assertThat(healing.request().only()).containsExactly(GUESTBOOK);
        assertThat(healing.request().selfHealAttempts()).isEqualTo(3);

        Application firstDrift = after(app("{automated: {selfHeal: true}}", SOURCE), "Succeeded", "aaaa", AUTOMATED, NOW);
        assertThat(decide(firstDrift, drifted).outcome()).as("no self-heal yet: no wait").isEqualTo(AutoSync.Outcome.SYNC);
        assertThat(decide(firstDrift, drifted).request().only()).isEqualTo(Set.of(GUESTBOOK));
    }

    /** Argo CD's TestSelfHealRemainingBackoff (its backoff: 2 s × 3, capped at 2 min). */
    @Test
    void selfHealBackoffStepsAsKubernetesWaitBackoffDoes() {
        SelfHealBackoff backoff = new SelfHealBackoff(Duration.ofSeconds(2), 3, Duration.ofMinutes(2), Duration.ZERO);
        assertThat(backoff.remaining(0, Duration.ZERO)).isEqualTo(Duration.ZERO);
        assertThat(backoff.remaining(1, Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
        assertThat(backoff.remaining(2, Duration.ZERO)).isEqualTo(Duration.ofSeconds(6));
        assertThat(backoff.remaining(3, null)).isEqualTo(Duration.ofSeconds(18));
        assertThat(backoff.remaining(4, null)).isEqualTo(Duration.ofSeconds(54));
        assertThat(backoff.remaining(5, null)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.remaining(6, null)).isEqualTo(Duration.ofSeconds(120));
        assertThat(backoff.remaining(40, Duration.ofMinutes(1))).isEqualTo(Duration.ofSeconds(60));
        assertThat(List.of(0, 1, 2, 3, 4, 5, 6, 7).stream().map(n -> SelfHealBackoff.DEFAULT.remaining(n, null).toSeconds()).toList())
                .as("the controller's defaults").containsExactly(0L, 2L, 6L, 18L, 54L, 162L, 300L, 300L);
    }

    @Test
    void failedOperationsAreRetriedAsArgoCdRetriesThem() {
        var retry = AutoSync.DEFAULT_RETRY;
        var failed = new ApplicationStatus.OperationState("Failed", "one or more objects failed to apply", NOW.minusSeconds(3), NOW,
                List.of("aaaa"), List.of(), 0, AUTOMATED, List.of());

        var first = Retries.afterFailure(failed, retry, NOW, java.time.ZoneOffset.UTC).orElseThrow();
        assertThat(first.phase()).isEqualTo("Running");
        assertThat(first.retryCount()).isEqualTo(1);
        assertThat(first.message()).isEqualTo("one or more objects failed to apply. Retrying attempt #1 at 12:00PM.");
        assertThat(Retries.dueAt(first, retry)).as("the wait uses the raised count: 10 s, not the 5 s shown")
                .isEqualTo(NOW.plusSeconds(10));
        var waits = new java.util.ArrayList<Long>();
        var state = failed;
        for (int i = 0; i < 7; i++) {
            var next = Retries.afterFailure(state, retry, NOW, java.time.ZoneOffset.UTC);
            if (next.isEmpty()) {
                break;
            }
            waits.add(Duration.between(NOW, Retries.dueAt(next.get(), retry)).toSeconds());
            state = next.get().retrying("Failed", failed.message(), next.get().retryCount());
        }
        assertThat(waits).containsExactly(10L, 20L, 40L, 80L, 160L);
        assertThat(Retries.finalMessage(state)).isEqualTo("one or more objects failed to apply (retried 5 times).");
        assertThat(Retries.afterFailure(failed, new io.gitopsbridge.app.SyncPolicy.Retry(0, Duration.ofSeconds(5), 2,
                Duration.ofMinutes(3)), NOW, java.time.ZoneOffset.UTC)).as("limit 0: no retries").isEmpty();
        assertThat(Retries.afterFailure(state, new io.gitopsbridge.app.SyncPolicy.Retry(-1, Duration.ofSeconds(5), 2,
                Duration.ofMinutes(3)), NOW, java.time.ZoneOffset.UTC)).as("a negative limit retries forever").isPresent();
    }
}
