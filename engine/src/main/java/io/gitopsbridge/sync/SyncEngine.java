package io.gitopsbridge.sync;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.Projects;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.diff.Ignores;
import io.gitopsbridge.health.Health;
import io.gitopsbridge.health.HealthCheck;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.kube.Resources;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The sync engine: compares an application's desired state with a cluster, and syncs it. Rendering is the caller's
 * (see {@link io.gitopsbridge.render.GitSources}); a failed render is passed as a failed {@link Target}, which makes
 * the status Unknown and refuses the sync.
 */
public final class SyncEngine {
    private final Resources resources;
    private final EngineSettings settings;
    private final Clock clock;
    private final Projects projects;
    /** Where {@link #compare} reads (a cluster cache); syncs always read and write the API server itself. */
    private final Resources comparing;
    /** The cluster's schemas for comparisons, read again every few minutes rather than for each one. */
    private final ClusterSchemas compareSchemas;

    public SyncEngine(Resources resources, EngineSettings settings) {
        this(resources, settings, Clock.systemUTC());
    }

    public SyncEngine(Resources resources, EngineSettings settings, Clock clock) {
        this(resources, settings, clock, Projects.UNENFORCED);
    }

    /** @param projects the AppProjects enforced before any write */
    public SyncEngine(Resources resources, EngineSettings settings, Clock clock, Projects projects) {
        this(resources, settings, clock, projects, resources);
    }

    private SyncEngine(Resources resources, EngineSettings settings, Clock clock, Projects projects, Resources comparing) {
        this.comparing = comparing;
        this.resources = resources;
        this.settings = settings;
        this.clock = clock;
        this.projects = projects;
        this.compareSchemas = new ClusterSchemas(resources, Duration.ofMinutes(5));
    }

    /**
     * This engine, comparing from {@code cached} (a {@link io.gitopsbridge.cache.CachedResources}): a cache lags the
     * server by a moment, which a comparison may, but a sync — reading its own writes, hooks and deletions — may not.
     */
    public SyncEngine comparingFrom(Resources cached) {
        return new SyncEngine(resources, settings, clock, projects, cached);
    }

    /** Why a sync of {@code app} may not start now because of its project's sync windows, if it may not. */
    public Optional<String> blockedByWindow(Application app, boolean manual) {
        return Syncer.windowProblem(projects, app, manual, clock.instant());
    }

    /** Compares without changing anything. */
    public Comparison compare(Application app, Target target) {
        return new Comparer(comparing, settings, compareSchemas).compare(app, target, clock.instant());
    }

    /**
     * Syncs: applies, prunes and runs hooks as the request says (or, for a dry run, only plans), then compares again.
     *
     * @param log receives a line per change, for build logs
     * @return the steps and the application status afterwards (with the operation state and, on success, a history
     *     entry)
     */
    public SyncResult sync(Application app, Target target, SyncRequest request, Consumer<String> log) {
        Instant started = clock.instant();
        Instant deadline = Instant.now().plus(request.timeout());
        // One reading of the cluster's schemas for the comparison and the writes that follow from it.
        ClusterSchemas schemas = new ClusterSchemas(resources);
        Comparison before = new Comparer(resources, settings, schemas).compare(app, target, clock.instant());
        Ignores ignores = before.status() == SyncCode.UNKNOWN ? Ignores.NONE : Ignores.of(app.ignoreDifferences());
        Syncer.Outcome outcome = new Syncer(resources, settings, log, schemas, projects).run(app, before, request, ignores, deadline);
        if (request.dryRun() || before.status() == SyncCode.UNKNOWN || outcome.steps().isEmpty()
                && !outcome.succeeded()) {
            ApplicationStatus status = before.toStatus(app.status(), clock.instant());
            if (!request.dryRun()) {
                status = status.withOperation(operation(app, request, outcome, started, clock.instant(), target.revisions()));
            }
            return new SyncResult(outcome.succeeded(), outcome.message(), request.dryRun(), outcome.steps(), status);
        }
        // Nothing was written: the state compared before is the state now, so a no-op reconcile reads the cluster once.
        boolean wrote = outcome.steps().stream().anyMatch(s -> s.action() != SyncResult.Action.UNCHANGED);
        // Read from the server, not a cache that may not have the sync's own writes yet.
        Comparison after = wrote ? new Comparer(resources, settings, new ClusterSchemas(resources)).compare(app, target,
                clock.instant()) : before;
        Instant finished = clock.instant();
        ApplicationStatus status = after.toStatus(app.status(), finished)
                .withOperation(operation(app, request, outcome, started, finished, target.revisions()));
        if (outcome.succeeded()) {
            status = status.withHistory(target.revisions(), started, finished, app.revisionHistoryLimit(), request.username(),
                    request.automated());
        }
        return new SyncResult(outcome.succeeded(), outcome.message(), false, outcome.steps(), status);
    }

    /**
     * Waits until the application is Healthy, or {@code timeout} passes. After one full comparison only the objects
     * not yet Healthy are read again (one GET each per poll), not every object of the application; a last full
     * comparison gives the result.
     *
     * @return the last comparison, healthy or not
     */
    public Comparison awaitHealthy(Application app, Target target, Duration timeout, Consumer<String> log)
            throws InterruptedException {
        Instant deadline = clock.instant().plus(timeout);
        Comparison c = compare(app, target);
        Map<ResourceState, Map<String, Object>> lives = new LinkedHashMap<>();
        c.resources().stream().filter(r -> r.desired() != null).forEach(r -> lives.put(r, r.live()));
        Health health = c.health();
        String last = "";
        while (true) {
            String now = health.status().text() + (health.message().isEmpty() ? "" : ": " + health.message());
            if (!now.equals(last)) {
                log.accept("Health: " + now);
                last = now;
            }
            if (health.status() == HealthStatus.HEALTHY || clock.instant().isAfter(deadline)) {
                // The partial view may miss an object that went away or changed: only a full comparison ends the wait.
                Comparison full = compare(app, target);
                if (full.health().status() == HealthStatus.HEALTHY || clock.instant().isAfter(deadline)) {
                    return full;
                }
                lives.clear();
                full.resources().stream().filter(r -> r.desired() != null).forEach(r -> lives.put(r, r.live()));
                health = full.health();
                continue;
            }
            Thread.sleep(Math.max(10, settings.pollInterval().toMillis()));
            for (Map.Entry<ResourceState, Map<String, Object>> e : lives.entrySet()) {
                ResourceState r = e.getKey();
                boolean settled = e.getValue() != null && HealthCheck.of(e.getValue())
                        .map(h -> h.status() == HealthStatus.HEALTHY).orElse(true);
                if (!settled && r.type() != null) {
                    e.setValue(resources.get(r.type(), r.key().namespace().isEmpty() ? null : r.key().namespace(),
                            r.key().name()).orElse(null));
                }
            }
            health = HealthCheck.application(new ArrayList<>(lives.values()));
        }
    }

    private static ApplicationStatus.OperationState operation(Application app, SyncRequest request, Syncer.Outcome outcome,
            Instant started, Instant finished, List<String> revisions) {
        List<ApplicationStatus.ResourceResult> results = new ArrayList<>();
        for (SyncResult.Step s : outcome.steps()) {
            boolean hook = s.action() == SyncResult.Action.HOOK;
            results.add(new ApplicationStatus.ResourceResult(s.key().group(), "", s.key().kind(), s.key().namespace(), s.key().name(),
                    hook ? (s.status().equals("Failed") || s.status().equals("SyncFailed") ? "SyncFailed" : "Synced") : s.status(),
                    s.message(), hook ? s.phase().text() : null, hook ? s.status() : null, s.phase().text()));
        }
        List<ApplicationStatus.ResourceRef> only = request.only().stream()
                .map(k -> new ApplicationStatus.ResourceRef(k.group(), k.kind(), k.namespace(), k.name())).sorted(
                        java.util.Comparator.comparing(ApplicationStatus.ResourceRef::toString)).toList();
        ApplicationStatus.Operation asked = new ApplicationStatus.Operation(request.automated(), request.username(), request.prune(),
                request.selfHealAttempts(), only);
        return new ApplicationStatus.OperationState(outcome.succeeded() ? "Succeeded" : "Failed", outcome.message(), started,
                finished, List.copyOf(revisions), List.copyOf(results), 0, asked,
                app.sourceSpecs());
    }
}
