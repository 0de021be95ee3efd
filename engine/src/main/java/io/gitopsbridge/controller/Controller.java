package io.gitopsbridge.controller;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.SyncPolicy;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import io.gitopsbridge.sync.Target;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Keeps a set of applications reconciled, as Argo CD's application controller does: each is refreshed every
 * {@code refresh} (plus up to {@code jitter}) and whenever the cache reports a change of one of its objects; a refresh
 * renders, compares and writes the status, and then {@link AutoSync} decides; a failed operation is retried by
 * {@link Retries}. One operation per application at a time, on a bounded pool of workers taking applications from one
 * queue in turn; a sync someone asks for ({@link #sync}) goes through the same queue.
 */
public final class Controller implements AutoCloseable {
    /** Where the applications come from and where their status goes. */
    public interface Applications {
        List<Application> list();

        void saveStatus(Application app, ApplicationStatus status);
    }

    /** Renders an application's desired state (a failed render is a failed target, never a throw). */
    public interface Render {
        Target render(Application app);

        /** As {@link #render}, without anything cached about the application's sources (a hard refresh). */
        default Target renderFresh(Application app) {
            return render(app);
        }
    }

    /**
     * @param refresh how often each application is compared with Git and the cluster (Argo CD: 120 s)
     * @param jitter up to how much later, at random, so refreshes spread out (Argo CD: 60 s)
     * @param workers how many applications are reconciled at once
     */
    public record Settings(Duration refresh, Duration jitter, int workers, SelfHealBackoff selfHeal, ZoneId zone) {
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(120), Duration.ofSeconds(60), 10,
                SelfHealBackoff.DEFAULT, ZoneId.systemDefault());
    }

    /** A sync asked for: of the application as it is, or pinned to {@code revision} (a rollback). */
    private record Requested(SyncRequest request, String revision, CompletableFuture<SyncResult> done) {}

    /** How long {@link #own} waits for the operations of applications it lets go (less than a lease's renew deadline). */
    private static final Duration RELEASE_WAIT = Duration.ofSeconds(5);
    private static final Duration RESYNC_RETRY = Duration.ofSeconds(10);
    /** Argo CD's message for an operation someone stopped. */
    static final String TERMINATED = "Operation terminated";

    private final Applications applications;
    private final Render render;
    private final SyncEngine engine;
    private final Settings settings;
    private final Consumer<String> log;
    private final Map<String, Application> apps = new ConcurrentHashMap<>();
    private final Map<String, Requested> requested = new ConcurrentHashMap<>();
    private final Set<String> queued = ConcurrentHashMap.newKeySet();
    private final Set<String> busy = ConcurrentHashMap.newKeySet();
    /** The worker reconciling each busy application, so that letting an application go stops its operation. */
    private final Map<String, Thread> working = new ConcurrentHashMap<>();
    private final Set<String> hard = ConcurrentHashMap.newKeySet();
    /** Applications whose operation someone asked to stop. */
    private final Set<String> terminating = ConcurrentHashMap.newKeySet();
    /** Applications with a sync operation under way (not a comparison). */
    private final Set<String> operating = ConcurrentHashMap.newKeySet();
    /** Syncs asked for whose operation is being retried: completed when it ends. */
    private final Map<String, CompletableFuture<SyncResult>> awaiting = new ConcurrentHashMap<>();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();
    private volatile java.util.function.Predicate<Application> owned = app -> true;
    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();
    private final ScheduledExecutorService timers;
    private final ExecutorService workers;
    private volatile boolean running = true;

    public Controller(Applications applications, Render render, SyncEngine engine, ClusterCache cache, Settings settings,
            Consumer<String> log) {
        this.applications = applications;
        this.render = render;
        this.engine = engine;
        this.settings = settings;
        this.log = log;
        this.timers = Executors.newSingleThreadScheduledExecutor(daemon("gitops-bridge-refresh"));
        this.workers = Executors.newFixedThreadPool(settings.workers(), daemon("gitops-bridge-reconcile"));
        if (cache != null) {
            cache.onChange(change -> {
                if (change.application() != null && apps.containsKey(change.application())) {
                    refresh(change.application());
                }
            });
        }
    }

    /** Loads the applications and starts reconciling them; a status saved before (a restart) is where each goes on. */
    public Controller start() {
        resync();
        for (int i = 0; i < settings.workers(); i++) {
            workers.submit(this::work);
        }
        return this;
    }

    /**
     * Reads the application set again: new applications are reconciled from now on, a changed spec is compared at once
     * (keeping the status this controller holds), and applications gone or no longer {@linkplain #own owned} are let go
     * (a sync asked for one fails; an operation already under way finishes).
     */
    public synchronized void resync() {
        if (!running) {
            return;
        }
        Map<String, Application> seen = new java.util.LinkedHashMap<>();
        applications.list().forEach(app -> seen.put(app.name(), app));
        for (String name : List.copyOf(apps.keySet())) {
            if (!seen.containsKey(name)) {
                deleted(name);
            }
        }
        seen.values().forEach(this::changed);
    }

    /** {@code app} was added or edited where the applications live. */
    public synchronized void changed(Application app) {
        if (!running) {
            return;
        }
        if (!owned.test(app)) {
            deleted(app.name());
            return;
        }
        Application known = apps.get(app.name());
        if (known == null) {
            apps.put(app.name(), resumed(app));
            refresh(app.name());
            if (scheduled.add(app.name())) {
                scheduleRefresh(app.name());
            }
        } else if (!known.withStatus(ApplicationStatus.EMPTY).equals(app.withStatus(ApplicationStatus.EMPTY))) {
            apps.put(app.name(), app.withStatus(known.status()));
            refresh(app.name());
        }
    }

    /** {@code name} is gone, or not this controller's any more. */
    public synchronized void deleted(String name) {
        terminating.remove(name);
        if (apps.remove(name) != null) {
            Thread worker = working.get(name);
            if (worker != null) {
                worker.interrupt();
            }
            Requested pending = requested.remove(name);
            CompletableFuture<SyncResult> retrying = awaiting.remove(name);
            for (CompletableFuture<SyncResult> f : java.util.Arrays.asList(pending == null ? null : pending.done(), retrying)) {
                if (f != null) {
                    f.completeExceptionally(new IllegalStateException("application '" + name + "' is no longer reconciled here"));
                }
            }
        }
    }

    /**
     * Reconciles only the applications {@code owned} accepts (a shard of them): those it does not are let go at once,
     * without asking where the applications live, and their operations given up to 5 s to end; those it now accepts
     * are read again.
     */
    public void own(java.util.function.Predicate<Application> owned) {
        this.owned = owned;
        synchronized (this) {
            for (Application app : List.copyOf(apps.values())) {
                if (!owned.test(app)) {
                    deleted(app.name());
                }
            }
        }
        // Before another replica may take them: the operations of applications let go end at their next write.
        long end = System.nanoTime() + RELEASE_WAIT.toNanos();
        while (busy.stream().anyMatch(name -> !apps.containsKey(name)) && System.nanoTime() < end) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        resyncOrRetry();
    }

    private void resyncOrRetry() {
        try {
            resync();
        } catch (RuntimeException e) {
            log.accept("Warning: could not read the applications (tried again in " + RESYNC_RETRY.toSeconds() + " s): "
                    + e.getMessage());
            if (running) {
                timers.schedule(this::resyncOrRetry, RESYNC_RETRY.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
    }

    /** The names of the applications reconciled here now. */
    public Set<String> names() {
        return Set.copyOf(apps.keySet());
    }

    /** Stopped in the middle of an operation (a restart): it runs again (applies are idempotent), as a due retry. */
    private static Application resumed(Application app) {
        ApplicationStatus.OperationState op = app.status().operationState();
        if (op == null || !op.phase().equals("Running") || op.finishedAt() != null) {
            return app;
        }
        return app.withStatus(app.status().withOperation(new ApplicationStatus.OperationState(op.phase(),
                op.message() + " (interrupted by a restart)", op.startedAt(), Instant.now(), op.revisions(), op.resources(),
                op.retryCount(), op.operation(), op.sources())));
    }

    /**
     * As {@link #refresh(String)}; {@code hard} also forgets what is cached about the application's sources, as Argo
     * CD's hard refresh does.
     */
    public void refresh(String name, boolean hard) {
        if (hard) {
            this.hard.add(name);
        }
        refresh(name);
    }

    /** Compares (and acts on) {@code name} soon; several requests before it runs make one refresh. */
    public void refresh(String name) {
        if (running && queued.add(name)) {
            queue.add(name);
        }
    }

    /** Asks for a sync of {@code name} through the controller's queue; completes when it has run. */
    public CompletableFuture<SyncResult> sync(String name, SyncRequest request) {
        return ask(name, request, null);
    }

    /**
     * As {@link #sync(String, SyncRequest)}, of {@code revision} instead of the spec's target revision (as {@code argocd
     * app sync --revision}); the spec stays as declared.
     */
    public CompletableFuture<SyncResult> sync(String name, SyncRequest request, String revision) {
        return ask(name, request, revision);
    }

    /**
     * Rolls {@code name} back to history entry {@code id}, as {@code argocd app rollback} does: refused while automated
     * sync is on (it would sync Git's revision again at once), else a sync of that entry's revision.
     */
    public CompletableFuture<SyncResult> rollback(String name, long id, SyncRequest request) {
        Application app = apps.get(name);
        String revision = null;
        if (app != null) {
            try {
                revision = rollbackRevision(app, id);
            } catch (IllegalStateException | IllegalArgumentException refused) {
                return CompletableFuture.failedFuture(refused);
            }
        }
        return ask(name, request, revision);
    }

    /**
     * The revision a rollback of {@code app} to its history entry {@code id} syncs, for whoever rolls back without a
     * controller.
     *
     * @throws IllegalStateException while automated sync is on
     * @throws IllegalArgumentException if there is no such entry, or the application has several sources
     */
    public static String rollbackRevision(Application app, long id) {
        if (app.syncPolicy().automated() != null && app.syncPolicy().automated().enabled()) {
            throw new IllegalStateException("rollback cannot be initiated when auto-sync is enabled");
        }
        ApplicationStatus.HistoryEntry entry = app.status().history().stream().filter(h -> h.id() == id).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("application " + app.name()
                        + " does not have deployment with id " + id));
        if (app.multiSource() || entry.revisions().size() != 1) {
            throw new IllegalArgumentException("rollback of an application with several sources is not supported");
        }
        return entry.revisions().get(0);
    }

    private CompletableFuture<SyncResult> ask(String name, SyncRequest request, String revision) {
        CompletableFuture<SyncResult> done = new CompletableFuture<>();
        if (!running) {
            done.completeExceptionally(new IllegalStateException("the controller has stopped"));
            return done;
        }
        if (!apps.containsKey(name)) {
            done.completeExceptionally(new IllegalArgumentException("no application '" + name + "' is reconciled here"));
            return done;
        }
        // A terminate asked for an earlier operation is not meant for this one.
        terminating.remove(name);
        Requested previous = requested.put(name, new Requested(request, revision, done));
        if (previous != null) {
            previous.done().completeExceptionally(new IllegalStateException("replaced by a newer sync request"));
        }
        refresh(name);
        return done;
    }

    /**
     * Stops the operation of {@code name}, as {@code argocd app terminate-op}: one under way ends at its next write, one
     * waiting for a retry is not retried; either ends Failed with "Operation terminated".
     *
     * @return false when {@code name} has no operation running
     */
    public synchronized boolean terminate(String name) {
        Application app = apps.get(name);
        ApplicationStatus.OperationState op = app == null ? null : app.status().operationState();
        boolean underWay = operating.contains(name);
        if (!underWay && (op == null || !op.phase().equals("Running"))) {
            return false;
        }
        terminating.add(name);
        Thread worker = working.get(name);
        if (underWay && worker != null) {
            worker.interrupt();
        } else {
            refresh(name);
        }
        return true;
    }

    /** Whether a sync of {@code name} is under way now (its status still shows the operation before). */
    public boolean operating(String name) {
        return operating.contains(name);
    }

    /** The application as last reconciled, with its status. */
    public Optional<Application> application(String name) {
        return Optional.ofNullable(apps.get(name));
    }

    @Override
    public void close() {
        synchronized (this) {
            running = false;
        }
        timers.shutdownNow();
        workers.shutdownNow();
        requested.values().forEach(r -> r.done().completeExceptionally(new IllegalStateException("the controller has stopped")));
        requested.clear();
        awaiting.values().forEach(f -> f.completeExceptionally(new IllegalStateException("the controller has stopped")));
        awaiting.clear();
        try {
            // An operation under way ends at its next write (the interrupt); its status is saved before this returns.
            workers.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void scheduleRefresh(String name) {
        long jitter = settings.jitter().isZero() ? 0 : ThreadLocalRandom.current().nextLong(settings.jitter().toMillis() + 1);
        timers.schedule(() -> {
            // With changed(), which schedules an application only if it is not scheduled already.
            synchronized (this) {
                if (apps.containsKey(name)) {
                    refresh(name);
                    scheduleRefresh(name);
                } else {
                    scheduled.remove(name);
                }
            }
        }, settings.refresh().toMillis() + jitter, TimeUnit.MILLISECONDS);
    }

    private void refreshAfter(String name, Duration delay) {
        if (running) {
            timers.schedule(() -> refresh(name), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    private void work() {
        while (running) {
            String name;
            try {
                name = queue.take();
            } catch (InterruptedException e) {
                return;
            }
            queued.remove(name);
            if (!busy.add(name)) {
                // Another worker has this application: its refresh comes after the operation.
                refreshAfter(name, Duration.ofMillis(50));
                continue;
            }
            working.put(name, Thread.currentThread());
            try {
                reconcile(name);
            } catch (Throwable e) {
                // Whatever went wrong, this worker goes on with the next application.
                log.accept("Error: reconciling " + name + " failed: " + e);
            } finally {
                working.remove(name);
                busy.remove(name);
                // An interrupt meant for that application's operation (it was let go) is not this worker's end; a
                // close() also sets running to false, which ends the loop.
                Thread.interrupted();
            }
        }
    }

    private void reconcile(String name) {
        Application app = apps.get(name);
        if (app == null) {
            return;
        }
        Requested asked = requested.remove(name);
        if (asked != null) {
            Application target = asked.revision() == null ? app : app.atRevision(asked.revision());
            CompletableFuture<SyncResult> retrying = awaiting.remove(name);
            if (retrying != null) {
                retrying.completeExceptionally(new IllegalStateException("replaced by a newer sync request"));
            }
            try {
                SyncResult r = operate(app, target, render.render(target), asked.request(), app.syncPolicy().retry(), 0);
                finishOrAwait(name, asked.done(), r);
            } catch (Throwable e) {
                asked.done().completeExceptionally(e);
                throw e;
            }
            return;
        }
        ApplicationStatus.OperationState op = app.status().operationState();
        Instant now = Instant.now();
        if (op != null && op.phase().equals("Running") && op.finishedAt() != null && terminating.remove(name)) {
            save(app, app.status().withOperation(op.retrying("Failed", TERMINATED, op.retryCount())));
            CompletableFuture<SyncResult> waiting = awaiting.remove(name);
            if (waiting != null) {
                waiting.completeExceptionally(new IllegalStateException(TERMINATED));
            }
            return;
        }
        if (op != null && op.phase().equals("Running") && op.finishedAt() != null) {
            SyncPolicy.Retry retry = retryOf(app, op);
            Instant due = retry == null ? now : Retries.dueAt(op, retry);
            if (now.isBefore(due)) {
                refreshAfter(name, Duration.between(now, due));
                return;
            }
            log.accept(name + ": retrying operation. Attempt #" + op.retryCount());
            Application pinned = op.revisions().size() == 1 && !app.multiSource() ? app.atRevision(op.revisions().get(0)) : app;
            // The same operation again: its prune, its origin and, for a self-heal, its resources only.
            ApplicationStatus.Operation asked2 = op.operation();
            SyncRequest request = SyncRequest.DEFAULT.withPrune(asked2 != null && asked2.prune());
            if (asked2 != null) {
                request = asked2.automated() ? request.automatedSync(asked2.selfHealAttempts()) : request.by(asked2.username());
                request = request.only(asked2.resources().stream().map(r -> new io.gitopsbridge.kube.ResourceKey(r.group(), r.kind(),
                        r.namespace(), r.name())).collect(java.util.stream.Collectors.toSet()));
            }
            SyncResult r = operate(app, pinned, render.render(pinned), request, retry, op.retryCount());
            CompletableFuture<SyncResult> waiting = awaiting.remove(name);
            if (waiting != null) {
                finishOrAwait(name, waiting, r);
            }
            return;
        }
        Target target = hard.remove(name) ? render.renderFresh(app) : render.render(app);
        Comparison comparison = engine.compare(app, target);
        AutoSync.Decision decision = AutoSync.decide(app, comparison, false, false, settings.selfHeal(), now);
        ApplicationStatus status = comparison.toStatus(app.status(), now);
        List<ApplicationStatus.Condition> conditions = new ArrayList<>(status.conditions());
        if (decision.outcome() == AutoSync.Outcome.ERROR) {
            conditions.add(new ApplicationStatus.Condition("SyncError", decision.message()));
        }
        save(app, new ApplicationStatus(status.sync(), status.health(), status.resources(), List.copyOf(conditions),
                status.operationState(), status.history(), status.reconciledAt()));
        Optional<String> window = decision.outcome() == AutoSync.Outcome.SYNC ? engine.blockedByWindow(app, false) : Optional.empty();
        if (window.isPresent()) {
            // As Argo CD: automated sync waits for the window to open; the commit is not marked as attempted.
            log.accept(name + ": Skipping auto-sync: " + window.get());
            refreshAfter(name, Duration.ofMinutes(1));
            return;
        }
        switch (decision.outcome()) {
            case SYNC -> {
                terminating.remove(name);
                log.accept(name + ": " + decision.message());
                Application current = apps.get(name);
                if (current == null) {
                    return;
                }
                operate(current, current, target, decision.request(), decision.retry(), 0);
            }
            case WAIT -> refreshAfter(name, decision.after());
            default -> { }
        }
    }

    /**
     * Runs an operation on {@code run} (the application, or it pinned to a revision); the status is saved on
     * {@code app}, whose spec stays as declared. A failure the retry policy allows is kept Running and tried again.
     */
    private SyncResult operate(Application app, Application run, Target target, SyncRequest request, SyncPolicy.Retry retry,
            int retryCount) {
        operating.add(app.name());
        SyncResult r;
        Instant started = Instant.now();
        try {
            r = engine.sync(run, target, request, line -> log.accept(app.name() + ": " + line));
        } catch (RuntimeException e) {
            if (!terminating.remove(app.name())) {
                throw e;
            }
            // Cut short by the terminate's interrupt where no outcome could be built: recorded as Argo CD records it.
            Thread.interrupted();
            ApplicationStatus.OperationState cut = new ApplicationStatus.OperationState("Failed", TERMINATED, started,
                    Instant.now(), target.revisions(), List.of(), retryCount, new ApplicationStatus.Operation(request.automated(),
                            request.username(), request.prune(), request.selfHealAttempts(), List.of()), app.sourceSpecs());
            save(app, app.status().withOperation(cut));
            return new SyncResult(false, TERMINATED, false, List.of(), app.status().withOperation(cut));
        } finally {
            operating.remove(app.name());
        }
        ApplicationStatus status = r.status();
        ApplicationStatus.OperationState op = status.operationState();
        if (op != null && run != app) {
            // Recorded with the declared sources, as Argo CD records the spec: a pinned retry is not a change of spec.
            op = new ApplicationStatus.OperationState(op.phase(), op.message(), op.startedAt(), op.finishedAt(), op.revisions(),
                    op.resources(), op.retryCount(), op.operation(), app.sourceSpecs());
            status = status.withOperation(op);
        }
        if (op != null && !r.succeeded() && terminating.remove(app.name())) {
            // The interrupt is the terminate's, not this worker's end; the status must still be written.
            Thread.interrupted();
            op = op.retrying("Failed", TERMINATED, retryCount);
            status = status.withOperation(op);
        } else if (op != null && !r.succeeded()) {
            ApplicationStatus.OperationState counted = op.retrying(op.phase(), op.message(), retryCount);
            Optional<ApplicationStatus.OperationState> again = Retries.afterFailure(counted, retry, Instant.now(), settings.zone());
            op = again.orElseGet(() -> counted.retrying(counted.phase(), Retries.finalMessage(counted), retryCount));
            status = status.withOperation(op);
        }
        save(app, status);
        if (op != null && op.phase().equals("Running")) {
            refreshAfter(app.name(), Duration.between(Instant.now(), Retries.dueAt(op, retry)));
        }
        return r;
    }

    /**
     * Completes a sync someone asked for when its operation has ended; while the retry policy keeps it Running, the
     * caller waits for the retries, as {@code argocd app sync} waits for the operation.
     */
    private synchronized void finishOrAwait(String name, CompletableFuture<SyncResult> done, SyncResult r) {
        // With deleted() and close(), so that a future left waiting is always completed by one of them.
        ApplicationStatus.OperationState op = apps.containsKey(name) ? apps.get(name).status().operationState() : null;
        if (op != null && op.phase().equals("Running") && running) {
            CompletableFuture<SyncResult> before = awaiting.put(name, done);
            if (before != null && before != done) {
                before.completeExceptionally(new IllegalStateException("replaced by a newer sync request"));
            }
        } else {
            done.complete(r);
        }
    }

    /** The retry policy of an operation: the application's, or for automated syncs without one, 5 retries. */
    private static SyncPolicy.Retry retryOf(Application app, ApplicationStatus.OperationState op) {
        if (app.syncPolicy().retry() != null) {
            return app.syncPolicy().retry();
        }
        return op.operation() != null && op.operation().automated() ? AutoSync.DEFAULT_RETRY : null;
    }

    /**
     * Keeps the status with the application's current spec (a resync may have changed it meanwhile) and saves it; not
     * for an application let go meanwhile, whose status is its new owner's to write.
     */
    private void save(Application app, ApplicationStatus status) {
        Application updated = apps.computeIfPresent(app.name(), (name, current) -> current.withStatus(status));
        if (updated != null) {
            applications.saveStatus(updated, status);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
