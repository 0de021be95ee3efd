package io.gitopsbridge.sync;

import io.fabric8.kubernetes.client.KubernetesClientException;
import io.gitopsbridge.app.AppProject;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.Projects;
import io.gitopsbridge.app.SyncCode;
import io.gitopsbridge.app.SyncOptions;
import io.gitopsbridge.diff.Ignores;
import io.gitopsbridge.health.Health;
import io.gitopsbridge.health.HealthCheck;
import io.gitopsbridge.health.HealthStatus;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.kube.Resources;
import io.gitopsbridge.yaml.Trees;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Runs one sync operation over a {@link Comparison}, in Argo CD's order: every task checked before anything changes;
 * then for each (phase, wave): prunes, deletions of hooks due to be recreated, applies (kind by kind, objects of one
 * kind in parallel), hooks; between steps of a multi-step sync, a wait until the step's objects are healthy and its
 * hooks done. A failure stops the sync and runs the SyncFail hooks.
 */
final class Syncer {
    private final Resources resources;
    private final EngineSettings settings;
    private final Applier applier;
    private final ClusterSchemas schemas;
    private final Projects projects;
    private final Consumer<String> log;
    /** Whether the comparison's snapshot predates writes of this sync, so live objects must be read again. */
    private volatile boolean snapshotStale;

    Syncer(Resources resources, EngineSettings settings, Consumer<String> log, ClusterSchemas schemas, Projects projects) {
        this.projects = projects;
        this.resources = resources;
        this.settings = settings;
        this.schemas = schemas;
        this.applier = new Applier(resources, settings, schemas);
        this.log = log;
    }

    /** A task of the plan. */
    private record Task(SyncPhase phase, int wave, SyncResult.Action action, ResourceKey key, ResourceState resource,
            HookResource hook) {
        String kind() {
            return key.kind();
        }
    }

    private static final Comparator<Task> ORDER = Comparator.comparing(Task::phase).thenComparingInt(Task::wave)
            .thenComparingInt(t -> t.action == SyncResult.Action.PRUNE ? 0 : 1)
            .thenComparingInt(t -> Ordering.kindRank(t.kind()))
            .thenComparingInt(t -> t.hook != null ? 1 : 0).thenComparing(t -> t.key.name());

    /** Thrown to end the operation; the message says why. */
    private static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        /** The operation ran out of time: like Argo CD's terminated operation, it runs no SyncFail hooks. */
        final boolean timedOut;

        Failure(String message) {
            this(message, false);
        }

        Failure(String message, boolean timedOut) {
            super(message, null, false, false);
            this.timedOut = timedOut;
        }
    }

    /**
     * Runs the operation (the log is called from this thread only); returns its steps, whether it succeeded and a
     * summary. No write starts after {@code deadline}, and no wait lasts beyond it.
     */
    Outcome run(Application app, Comparison comparison, SyncRequest request, Ignores ignores, Instant deadline) {
        List<SyncResult.Step> steps = new ArrayList<>();
        if (comparison.status() == SyncCode.UNKNOWN) {
            String why = comparison.conditions().isEmpty() ? "the desired state is unknown" : comparison.conditions().get(0).message();
            return new Outcome(false, "Not synced: " + why + ". Nothing was changed or pruned.", steps);
        }
        List<Task> tasks = plan(app, comparison, request);
        List<String> problems = check(app, comparison, request, tasks);
        if (!problems.isEmpty()) {
            return new Outcome(false, "Not synced, nothing was changed: " + String.join("; ", problems), steps);
        }
        if (request.dryRun()) {
            for (Task t : tasks) {
                steps.add(new SyncResult.Step(t.phase, t.wave, t.action, t.key, "Planned", reason(t, request)));
            }
            return new Outcome(true, "Dry run: " + tasks.stream().filter(t -> t.action != SyncResult.Action.UNCHANGED).count()
                    + " of " + tasks.size() + " steps would change the cluster", steps);
        }
        List<String> refused = serverDryRun(app, tasks, ignores, request);
        if (!refused.isEmpty()) {
            return new Outcome(false, "Not synced, nothing was changed: the API server's dry run refused "
                    + String.join("; ", refused), steps);
        }
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, settings.parallelism()), r -> {
            Thread t = new Thread(r, "gitops-bridge-apply");
            t.setDaemon(true);
            return t;
        });
        try {
            createNamespace(app, steps);
            Map<String, List<Task>> groups = new TreeMap<>();
            List<Task> syncFail = new ArrayList<>();
            for (Task t : tasks) {
                if (t.phase == SyncPhase.SYNC_FAIL) {
                    syncFail.add(t);
                } else {
                    groups.computeIfAbsent(String.format("%d/%012d", t.phase.ordinal(), (long) t.wave + Integer.MAX_VALUE),
                            k -> new ArrayList<>()).add(t);
                }
            }
            boolean multiStep = groups.size() > 1 || tasks.stream().anyMatch(t -> t.hook != null);
            int index = 0;
            try {
                for (List<Task> group : groups.values()) {
                    if (index++ > 0) {
                        sleep(settings.waveDelay());
                    }
                    runGroup(group, request, ignores, pool, steps, multiStep, index == groups.size(), deadline);
                    snapshotStale = true;
                }
            } catch (Failure f) {
                String accounting = accounting(tasks, steps, request);
                if (f.timedOut) {
                    return new Outcome(false, f.getMessage() + ". " + accounting
                            + (syncFail.isEmpty() ? "" : ". SyncFail hooks were not run: the operation's time was up"), steps);
                }
                runSyncFail(syncFail, steps, deadline);
                return new Outcome(false, f.getMessage() + ". " + accounting, steps);
            }
            return new Outcome(true, "Successfully synced (" + count(steps) + ")", steps);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Outcome(false, "Sync interrupted. " + accounting(tasks, steps, request), steps);
        } finally {
            pool.shutdownNow();
        }
    }

    /** What a run did. */
    record Outcome(boolean succeeded, String message, List<SyncResult.Step> steps) {}

    private List<Task> plan(Application app, Comparison comparison, SyncRequest request) {
        List<Task> tasks = new ArrayList<>();
        List<ResourceState> prunes = new ArrayList<>();
        boolean selective = !request.only().isEmpty();
        for (ResourceState r : comparison.resources()) {
            if (selective && !request.only().contains(r.key())) {
                continue;
            }
            if (r.requiresPruning()) {
                prunes.add(r);
            } else if (r.desired() != null) {
                if (r.status() == SyncCode.SYNCED && r.options().on("ApplyOutOfSyncOnly")) {
                    continue;
                }
                SyncResult.Action action = r.live() == null ? SyncResult.Action.CREATE
                        : r.status() == SyncCode.SYNCED ? SyncResult.Action.UNCHANGED : SyncResult.Action.UPDATE;
                tasks.add(new Task(SyncPhase.SYNC, r.wave(), action, r.key(), r, null));
            }
        }
        // As gitops-engine: prunes run in the reverse order of their own waves (the distinct prune waves swapped
        // end for end), and PruneLast ones after the Sync phase's last wave (at least wave 1).
        List<Integer> pruneWaves = prunes.stream().map(ResourceState::wave).distinct().sorted().toList();
        List<Task> pruneTasks = new ArrayList<>();
        for (ResourceState r : prunes) {
            int wave = pruneWaves.get(pruneWaves.size() - 1 - pruneWaves.indexOf(r.wave()));
            pruneTasks.add(new Task(SyncPhase.SYNC, wave, SyncResult.Action.PRUNE, r.key(), r, null));
        }
        int lastWave = 0;
        for (Task t : tasks) {
            lastWave = Math.max(lastWave, t.wave());
        }
        for (Task t : pruneTasks) {
            lastWave = Math.max(lastWave, t.wave());
        }
        for (HookResource h : comparison.hooks()) {
            if (h.hook().phases().contains(SyncPhase.SYNC)) {
                lastWave = Math.max(lastWave, h.wave());
            }
        }
        for (Task t : pruneTasks) {
            tasks.add(t.resource().options().on("PruneLast")
                    ? new Task(SyncPhase.SYNC, lastWave + 1, SyncResult.Action.PRUNE, t.key(), t.resource(), null) : t);
        }
        // As gitops-engine: a selective sync runs no hooks.
        for (HookResource h : selective ? List.<HookResource>of() : comparison.hooks()) {
            for (SyncPhase phase : h.hook().phases()) {
                tasks.add(new Task(phase, h.wave(), SyncResult.Action.HOOK, h.key(), null, h));
            }
        }
        tasks.sort(ORDER);
        return bubbleDependencies(tasks);
    }

    /**
     * Moves each Namespace just before the first object in it and each CRD before its first custom resource, giving
     * it that object's phase and wave, so a wave never waits on a namespace that a later wave creates.
     */
    private static List<Task> bubbleDependencies(List<Task> tasks) {
        List<Task> out = new ArrayList<>(tasks);
        for (Task t : tasks) {
            if (t.action == SyncResult.Action.PRUNE || t.hook != null) {
                continue;
            }
            boolean namespace = t.key.group().isEmpty() && t.kind().equals("Namespace");
            boolean crd = t.kind().equals("CustomResourceDefinition");
            if (!namespace && !crd) {
                continue;
            }
            String crdKind = crd ? crdKindOf(t.resource.desired()) : null;
            for (Task user : out) {
                boolean uses = namespace ? user.key.namespace().equals(t.key.name())
                        : crdKind != null && crdKind.equals(user.key.group() + "/" + user.kind());
                if (uses && user != t && user.action != SyncResult.Action.PRUNE && ORDER.compare(user, t) < 0) {
                    out.remove(t);
                    out.add(out.indexOf(user), new Task(user.phase, user.wave, t.action, t.key, t.resource, null));
                    break;
                }
            }
        }
        return out;
    }

    private static String crdKindOf(Map<String, Object> crd) {
        Map<String, Object> spec = Trees.map(crd.get("spec"));
        Map<String, Object> names = spec == null ? null : Trees.map(spec.get("names"));
        return names == null ? null : spec.get("group") + "/" + names.get("kind");
    }

    /** The checks made before anything changes; each problem names its resource. */
    private List<String> check(Application app, Comparison comparison, SyncRequest request, List<Task> tasks) {
        List<String> problems = new ArrayList<>(projectProblems(app, request, tasks));
        for (Task t : tasks) {
            ResourceState r = t.resource;
            if (t.hook != null && t.hook.type() == null) {
                problems.add(t.key + ": the cluster does not serve " + t.hook.object().get("apiVersion") + " " + t.kind());
            }
            if (r == null || r.desired() == null) {
                continue;
            }
            if (r.type() == null && !r.typeFromSync() && !r.options().on("SkipDryRunOnMissingResource")) {
                problems.add(t.key + ": " + r.message());
            }
            if (r.conflict()) {
                Optional<String> owner = settings.tracking().owner(r.live());
                if (owner.isEmpty() && !settings.adoptUntracked()) {
                    problems.add(t.key + ": " + r.message());
                } else if (owner.isEmpty()) {
                    log.accept("Warning: " + t.key + " exists without an application's tracking; this application adopts it");
                } else if (r.options().on("FailOnSharedResource")) {
                    problems.add(t.key + ": " + r.message() + " (FailOnSharedResource=true)");
                } else {
                    log.accept("Warning: " + t.key + " is " + r.message() + "; this application takes it over");
                }
            }
        }
        boolean allowEmpty = request.allowEmpty() != null ? request.allowEmpty() : app.syncPolicy().allowEmpty();
        long prunes = tasks.stream().filter(t -> t.action == SyncResult.Action.PRUNE).count();
        boolean nothingDesired = comparison.resources().stream().noneMatch(r -> r.desired() != null);
        if (request.prune() && prunes > 0 && nothingDesired && !allowEmpty) {
            problems.add("Git has no resources for this application, and pruning would delete all " + prunes
                    + " of its live resources; set allowEmpty to allow this");
        }
        return problems;
    }

    /**
     * The application's AppProject, as Argo CD enforces it before a sync: its sources, its destination, the kind (and
     * for namespaced objects the namespace) of everything written or pruned, and the sync windows (a manual sync may
     * pass a window with manualSync).
     */
    private List<String> projectProblems(Application app, SyncRequest request, List<Task> tasks) {
        if (!projects.enforced()) {
            if (!app.project().equals("default")) {
                log.accept("Warning: project '" + app.project() + "' is not enforced: this engine was given no AppProjects");
            }
            return List.of();
        }
        Optional<String> invalid = projects.problem(app.project());
        if (invalid.isPresent()) {
            return List.of(invalid.get());
        }
        Optional<AppProject> found = projects.get(app.project());
        if (found.isEmpty()) {
            return List.of("Application referencing project " + app.project() + " which does not exist");
        }
        AppProject project = found.get();
        List<String> problems = new ArrayList<>();
        app.sources().forEach(s -> project.refuseSource(s.repoURL()).ifPresent(problems::add));
        project.refuseDestination(app.destination()).ifPresent(problems::add);
        java.util.Set<String> said = new java.util.HashSet<>();
        for (Task t : tasks) {
            ResourceType type = t.hook != null ? t.hook.type() : t.resource.type();
            boolean namespaced = type != null ? type.namespaced() : !t.key.namespace().isEmpty();
            project.refuseResource(t.key.group(), t.kind(), namespaced).filter(said::add).ifPresent(problems::add);
            String destinationNamespace = app.destination().namespace() == null ? "" : app.destination().namespace();
            if (namespaced && !t.key.namespace().equals(destinationNamespace)) {
                project.refuseDestination(new io.gitopsbridge.app.Destination(app.destination().server(), app.destination().name(),
                        t.key.namespace())).map(m -> t.key + ": namespace " + t.key.namespace() + " is not permitted in project '"
                                + project.name() + "'").filter(said::add).ifPresent(problems::add);
            }
        }
        windowProblem(projects, app, !request.automated(), Instant.now()).ifPresent(problems::add);
        if (app.syncPolicy().syncOptions().on("CreateNamespace")) {
            ResourceType ns = resources.type("v1", "Namespace").orElse(null);
            if (ns != null && resources.get(ns, null, app.targetNamespace()).isEmpty()) {
                project.refuseResource("", "Namespace", false).filter(said::add).ifPresent(problems::add);
            }
        }
        return problems;
    }

    /** The project's sync windows' refusal of a sync of {@code app} at {@code now}, if they refuse it. */
    static Optional<String> windowProblem(Projects projects, Application app, boolean manual, Instant now) {
        if (!projects.enforced()) {
            return Optional.empty();
        }
        return projects.get(app.project()).filter(p -> !p.canSync(app.name(), app.destination(), manual, now))
                .map(p -> "blocked by a sync window of project '" + p.name() + "'");
    }

    private String reason(Task t, SyncRequest request) {
        if (t.action == SyncResult.Action.PRUNE) {
            return pruneSkip(t.resource, request).orElse("");
        }
        if (t.hook != null) {
            return "hook";
        }
        return t.resource.options().on("Replace") && t.resource.live() != null ? "Replace=true" : "";
    }

    private Optional<String> pruneSkip(ResourceState r, SyncRequest request) {
        String prune = r.options().value("Prune").orElse("true");
        if (prune.equals("false")) {
            return Optional.of("ignored (no prune)");
        }
        if (prune.equals("confirm")) {
            return Optional.of("ignored (Prune=confirm: delete it by hand to confirm)");
        }
        if (!request.prune()) {
            return Optional.of("ignored (requires pruning)");
        }
        return Optional.empty();
    }

    /**
     * As gitops-engine does before its first write: every write of the sync sent as a server-side dry run, so an
     * object the server would refuse (validation, admission, quota) stops the sync with nothing applied, instead of
     * failing wave 3 after waves 0–2 changed the cluster. Objects in a namespace this sync creates, of a kind a CRD
     * in it defines, and hooks that replace an existing one are not dry-run: the server cannot judge them yet.
     */
    private List<String> serverDryRun(Application app, List<Task> tasks, Ignores ignores, SyncRequest request) {
        Resources dry = resources.serverDryRun();
        Applier dryApplier = new Applier(dry, settings, schemas);
        java.util.Set<String> newNamespaces = new java.util.HashSet<>();
        if (app.syncPolicy().syncOptions().on("CreateNamespace")) {
            newNamespaces.add(app.targetNamespace());
        }
        // Kinds whose CRD this sync creates or changes: the server would judge them by the CRD it has now.
        java.util.Set<String> crdKinds = new java.util.HashSet<>();
        for (Task t : tasks) {
            if (t.kind().equals("Namespace") && t.resource != null && t.resource.live() == null) {
                newNamespaces.add(t.key.name());
            }
            if (t.kind().equals("CustomResourceDefinition") && t.resource != null && t.resource.desired() != null
                    && t.action != SyncResult.Action.UNCHANGED) {
                String kind = crdKindOf(t.resource.desired());
                if (kind != null) {
                    crdKinds.add(kind);
                }
            }
        }
        List<String> refused = new ArrayList<>();
        for (Task t : tasks) {
            if (t.action == SyncResult.Action.UNCHANGED || newNamespaces.contains(t.key.namespace())
                    || crdKinds.contains(t.key.group() + "/" + t.kind())) {
                continue;
            }
            try {
                if (t.hook != null) {
                    if (t.hook.type() != null && resources.get(t.hook.type(), namespace(t.key), t.key.name()).isEmpty()) {
                        dry.create(t.hook.type(), withFinalizer(t.hook.object()), Resources.Validation.STRICT);
                    }
                } else if (t.action == SyncResult.Action.PRUNE) {
                    if (t.resource.type() != null && pruneSkip(t.resource, request).isEmpty()) {
                        dry.delete(t.resource.type(), namespace(t.key), t.key.name(), Resources.Propagation.FOREGROUND);
                    }
                } else if (t.resource.type() != null
                        && !(t.resource.options().on("Replace") && t.resource.options().on("Force"))) {
                    dryApplier.apply(t.resource.type(), t.resource.desired(), t.resource.live(), false, t.resource.options(),
                            ignores);
                }
            } catch (KubernetesClientException e) {
                refused.add(t.key + ": " + message(e));
            }
        }
        return refused;
    }

    private void createNamespace(Application app, List<SyncResult.Step> steps) {
        if (!app.syncPolicy().syncOptions().on("CreateNamespace")) {
            return;
        }
        ResourceType ns = resources.type("v1", "Namespace").orElseThrow();
        String name = app.targetNamespace();
        if (resources.get(ns, null, name).isEmpty()) {
            Map<String, Object> object = new LinkedHashMap<>();
            object.put("apiVersion", "v1");
            object.put("kind", "Namespace");
            object.put("metadata", new LinkedHashMap<>(Map.of("name", name)));
            resources.create(ns, object, Resources.Validation.STRICT);
            log.accept("Created namespace " + name);
            steps.add(new SyncResult.Step(SyncPhase.PRE_SYNC, 0, SyncResult.Action.CREATE_NAMESPACE, new ResourceKey("", "Namespace", "", name),
                    "Synced", "namespace created"));
        }
    }

    /**
     * Runs one (phase, wave). Between steps of a multi-step sync, as gitops-engine does, the next one starts only when
     * this one's objects are healthy, its hooks done and its pruned objects gone; a last step without hooks is not
     * waited for (an apply succeeds without waiting for the final wave's health, as in Argo CD).
     */
    private void runGroup(List<Task> group, SyncRequest request, Ignores ignores, ExecutorService pool,
            List<SyncResult.Step> steps, boolean multiStep, boolean last, Instant deadline) throws Failure, InterruptedException {
        List<String> failures = new ArrayList<>();
        List<ResourceState> applied = new ArrayList<>();
        List<HookResource> hooks = new ArrayList<>();
        List<ResourceState> pruned = new ArrayList<>();
        checkDeadline(group.get(0), request, deadline);
        for (Task t : group) {
            if (t.action == SyncResult.Action.PRUNE && prune(t, request, steps, failures)) {
                pruned.add(t.resource);
            }
        }
        if (!failures.isEmpty()) {
            // As gitops-engine: a task that failed ends the sync before the next ones of its wave start.
            throw new Failure("Sync failed: " + String.join("; ", failures));
        }
        for (Task t : group) {
            if (t.hook != null && t.hook.hook().deletePolicies().contains(Hook.DeletePolicy.BEFORE_HOOK_CREATION)) {
                deleteAndWait(t.hook.type(), t.key, deadline);
            }
        }
        // As gitops-engine: a wave's resources and hooks go in kind order, hooks with the resources of their kind
        // (objects of one kind applied in parallel, then that kind's hooks created).
        List<Task> work = group.stream().filter(t -> t.hook != null || t.resource != null && t.resource.desired() != null)
                .toList();
        int i = 0;
        while (i < work.size()) {
            int j = i;
            while (j < work.size() && work.get(j).kind().equals(work.get(i).kind())) {
                j++;
            }
            List<Task> kind = work.subList(i, j);
            checkDeadline(kind.get(0), request, deadline);
            List<Future<SyncResult.Step>> futures = new ArrayList<>();
            for (Task t : kind) {
                if (t.hook == null) {
                    futures.add(pool.submit(() -> apply(t, ignores)));
                }
            }
            for (Future<SyncResult.Step> f : futures) {
                SyncResult.Step step = get(f);
                steps.add(step);
                if (step.status().equals("SyncFailed")) {
                    failures.add(step.key() + ": " + step.message());
                } else if (step.action() != SyncResult.Action.UNCHANGED) {
                    log.accept(capitalize(step.message()) + " " + step.key());
                }
            }
            if (kind.get(0).kind().equals("CustomResourceDefinition")) {
                awaitEstablished(kind);
                resources.refreshTypes();
                schemas.forget();
            }
            if (!failures.isEmpty()) {
                throw new Failure("Sync failed: " + String.join("; ", failures));
            }
            for (Task t : kind) {
                if (t.hook != null) {
                    createHook(t, steps);
                    hooks.add(t.hook);
                } else {
                    applied.add(t.resource);
                }
            }
            i = j;
        }
        if (multiStep) {
            // A last step with hooks is waited for whole, as gitops-engine's next pass finds its resources still running.
            boolean settleOnlyHooks = last && hooks.isEmpty();
            waitFor(group.get(0), settleOnlyHooks ? List.of() : applied, hooks, settleOnlyHooks ? List.of() : pruned, steps,
                    deadline);
        }
    }

    /**
     * As gitops-engine's {@code ensureCRDReady}: after CRDs are applied, up to 3 s for each to be Established, so the
     * custom resources that follow find their kind served; a CRD still not Established then is only logged, and its
     * resources fail or succeed on their own.
     */
    private void awaitEstablished(List<Task> crds) throws InterruptedException {
        ResourceType type = resources.type("apiextensions.k8s.io/v1", "CustomResourceDefinition").orElse(null);
        if (type == null) {
            return;
        }
        long until = System.nanoTime() + CRD_READY.toNanos();
        for (Task t : crds) {
            if (t.hook != null) {
                continue;
            }
            while (!established(resources.get(type, null, t.key.name()).orElse(null))) {
                if (System.nanoTime() > until) {
                    log.accept("Warning: " + t.key + " is not Established after " + CRD_READY.toSeconds() + "s");
                    break;
                }
                Thread.sleep(100);
            }
        }
    }

    private static final Duration CRD_READY = Duration.ofSeconds(3);

    private static boolean established(Map<String, Object> crd) {
        Map<String, Object> status = crd == null ? null : Trees.map(crd.get("status"));
        List<Object> conditions = status == null ? null : Trees.list(status.get("conditions"));
        return conditions != null && conditions.stream().map(Trees::map).anyMatch(c -> c != null
                && "Established".equals(c.get("type")) && "True".equals(c.get("status")));
    }

    /** The operation's timeout bounds the writes too, not only the waits: no new write starts after it. */
    private static void checkDeadline(Task next, SyncRequest request, Instant deadline) throws Failure {
        if (Instant.now().isAfter(deadline)) {
            throw new Failure("Sync failed: the operation's timeout passed before " + next.phase.text() + " wave " + next.wave
                    + " " + next.kind() + " started", true);
        }
    }

    /**
     * Whether a pruned object is still on its way out: present, the same object (a controller may have made a new one
     * of that name) and marked for deletion, as gitops-engine checks the pruned task's live object.
     */
    private boolean stillDeleting(ResourceState pruned) {
        Optional<Map<String, Object>> now = resources.get(pruned.type(), namespace(pruned.key()), pruned.key().name());
        if (now.isEmpty()) {
            return false;
        }
        Map<String, Object> metadata = Trees.map(now.get().get("metadata"));
        Map<String, Object> before = pruned.live() == null ? null : Trees.map(pruned.live().get("metadata"));
        boolean same = before == null || metadata == null || java.util.Objects.equals(before.get("uid"), metadata.get("uid"));
        return same && metadata != null && metadata.get("deletionTimestamp") != null;
    }

    /** Prunes one object; true when its deletion was accepted. */
    private boolean prune(Task t, SyncRequest request, List<SyncResult.Step> steps, List<String> failures) {
        Optional<String> skip = pruneSkip(t.resource, request);
        if (skip.isPresent()) {
            steps.add(new SyncResult.Step(t.phase, t.wave, t.action, t.key, "PruneSkipped", skip.get()));
            return false;
        }
        if (t.resource.type() == null) {
            steps.add(new SyncResult.Step(t.phase, t.wave, t.action, t.key, "PruneSkipped", "kind no longer served"));
            return false;
        }
        Resources.Propagation propagation = Resources.Propagation.valueOf(
                t.resource.options().value("PrunePropagationPolicy").orElse("foreground").toUpperCase(Locale.ROOT));
        try {
            resources.delete(t.resource.type(), namespace(t.key), t.key.name(), propagation);
            log.accept("Pruned " + t.key);
            steps.add(new SyncResult.Step(t.phase, t.wave, t.action, t.key, "Pruned", "pruned"));
            return true;
        } catch (KubernetesClientException e) {
            String message = message(e);
            steps.add(new SyncResult.Step(t.phase, t.wave, t.action, t.key, "SyncFailed", message));
            failures.add(t.key + ": " + message);
            return false;
        }
    }

    private SyncResult.Step apply(Task t, Ignores ignores) {
        ResourceState r = t.resource;
        try {
            ResourceType type = typeOf(r);
            if (type == null) {
                return new SyncResult.Step(t.phase, t.wave, t.action, t.key, "SyncFailed", r.message() != null ? r.message()
                        : "the cluster does not serve " + r.desired().get("apiVersion") + " " + t.kind());
            }
            // Once this sync has written, the comparison's snapshot may be behind (a hook or a controller changed the
            // object): judge it on a fresh read, as kubectl apply would.
            boolean reread = snapshotStale && r.type() != null;
            Map<String, Object> live = reread ? resources.get(type, namespace(t.key), t.key.name()).orElse(null) : r.live();
            Applier.Applied done = applier.apply(type, r.desired(), live, reread, r.options(), ignores);
            return new SyncResult.Step(t.phase, t.wave, done.action(), t.key, "Synced",
                    done.action() == SyncResult.Action.UNCHANGED ? "unchanged" : done.action().text() + "d");
        } catch (KubernetesClientException e) {
            return new SyncResult.Step(t.phase, t.wave, t.action, t.key, "SyncFailed", message(e));
        }
    }

    private void createHook(Task t, List<SyncResult.Step> steps) throws Failure {
        try {
            resources.create(t.hook.type(), withFinalizer(t.hook.object()), Resources.Validation.STRICT);
            log.accept("Started " + t.phase.text() + " hook " + t.key);
            steps.add(new SyncResult.Step(t.phase, t.wave, SyncResult.Action.HOOK, t.key, "Running", "hook started"));
        } catch (KubernetesClientException e) {
            steps.add(new SyncResult.Step(t.phase, t.wave, SyncResult.Action.HOOK, t.key, "SyncFailed", message(e)));
            throw new Failure("Sync failed: " + t.phase.text() + " hook " + t.key + ": " + message(e));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> withFinalizer(Map<String, Object> hook) {
        Map<String, Object> copy = new java.util.LinkedHashMap<>(hook);
        Map<String, Object> metadata = new java.util.LinkedHashMap<>((Map<String, Object>) copy.getOrDefault("metadata", Map.of()));
        List<Object> finalizers = new ArrayList<>((List<Object>) metadata.getOrDefault("finalizers", List.of()));
        if (!finalizers.contains(Hook.FINALIZER)) {
            finalizers.add(Hook.FINALIZER);
        }
        metadata.put("finalizers", finalizers);
        copy.put("metadata", metadata);
        return copy;
    }

    /** Takes Argo CD's hook finalizer off the live hook, so that it can go (by its delete policy, TTL or a person). */
    @SuppressWarnings("unchecked")
    private void releaseHook(ResourceType type, ResourceKey key, Map<String, Object> live) {
        Map<String, Object> object = live;
        for (int attempt = 1; object != null && attempt <= Applier.CONFLICT_RETRIES; attempt++) {
            Map<String, Object> metadata = (Map<String, Object>) object.getOrDefault("metadata", Map.of());
            Object finalizers = metadata.get("finalizers");
            if (!(finalizers instanceof List<?> list) || !list.contains(Hook.FINALIZER)) {
                return;
            }
            try {
                // Guarded by the resourceVersion read, so a list another writer changed is read again, not patched blind.
                resources.patch(type, namespace(key), key.name(), List.of(
                        Map.of("op", "replace", "path", "/metadata/resourceVersion", "value", String.valueOf(metadata.get("resourceVersion"))),
                        Map.of("op", "remove", "path", "/metadata/finalizers/" + list.indexOf(Hook.FINALIZER))),
                        Resources.Validation.STRICT);
                return;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 404) {
                    return;
                }
                if (attempt == Applier.CONFLICT_RETRIES) {
                    log.accept("Warning: could not remove " + Hook.FINALIZER + " from " + key + ": " + message(e));
                    return;
                }
                object = resources.get(type, namespace(key), key.name()).orElse(null);
            }
        }
    }

    /** A sync that stops while hooks run still takes its finalizer off them, so they can be deleted. */
    private void releaseAll(List<HookResource> hooks) {
        for (HookResource h : hooks) {
            resources.get(h.type(), namespace(h.key()), h.key().name()).ifPresent(live -> releaseHook(h.type(), h.key(), live));
        }
    }

    /** Waits until the step's objects are healthy and its hooks finished; applies the hooks' delete policies. */
    private void waitFor(Task step, List<ResourceState> applied, List<HookResource> hooks, List<ResourceState> pruned,
            List<SyncResult.Step> steps, Instant deadline) throws Failure, InterruptedException {
        List<ResourceState> pending = new ArrayList<>(applied);
        List<HookResource> running = new ArrayList<>(hooks);
        List<ResourceState> deleting = new ArrayList<>(pruned);
        String where = step.phase.text() + " wave " + step.wave;
        while (true) {
            // As gitops-engine: the next wave waits while a pruned object is still being deleted (its finalizers, a
            // foreground deletion of its dependents).
            deleting.removeIf(r -> !stillDeleting(r));
            for (ResourceState r : new ArrayList<>(pending)) {
                ResourceType type = typeOf(r);
                Optional<Map<String, Object>> live = type == null ? Optional.empty()
                        : resources.get(type, namespace(r.key()), r.key().name());
                Optional<Health> health = live.flatMap(HealthCheck::of);
                // As gitops-engine: only Healthy (or no health at all) lets the next wave start; Suspended waits too.
                if (live.isPresent() && (health.isEmpty() || health.get().status() == HealthStatus.HEALTHY)) {
                    pending.remove(r);
                } else if (health.isPresent() && health.get().status() == HealthStatus.DEGRADED) {
                    releaseAll(running);
                    throw new Failure("Sync failed: " + where + ": " + r.key() + " is Degraded: " + health.get().message());
                }
            }
            for (HookResource h : new ArrayList<>(running)) {
                Optional<Map<String, Object>> live = resources.get(h.type(), namespace(h.key()), h.key().name());
                Optional<Health> health = live.flatMap(HealthCheck::of);
                boolean succeeded = live.isPresent() && (health.isEmpty() || health.get().status() == HealthStatus.HEALTHY);
                boolean failed = live.isEmpty() || health.isPresent() && health.get().status() == HealthStatus.DEGRADED;
                if (succeeded || failed) {
                    running.remove(h);
                    live.ifPresent(object -> releaseHook(h.type(), h.key(), object));
                    String message = failed ? (live.isEmpty() ? "hook object disappeared" : health.get().message()) : "hook succeeded";
                    steps.add(new SyncResult.Step(step.phase, h.wave(), SyncResult.Action.HOOK, h.key(), succeeded ? "Succeeded"
                            : "Failed", message));
                    log.accept(step.phase.text() + " hook " + h.key() + (succeeded ? " succeeded" : " failed: " + message));
                    if (h.hook().deletePolicies().contains(succeeded ? Hook.DeletePolicy.HOOK_SUCCEEDED : Hook.DeletePolicy.HOOK_FAILED)
                            && live.isPresent()) {
                        resources.delete(h.type(), namespace(h.key()), h.key().name(),
                                Resources.Propagation.BACKGROUND);
                        steps.add(new SyncResult.Step(step.phase, h.wave(), SyncResult.Action.DELETE_HOOK, h.key(), "Synced",
                                succeeded ? "HookSucceeded" : "HookFailed"));
                    }
                    if (failed) {
                        releaseAll(running);
                        throw new Failure("Sync failed: " + step.phase.text() + " hook " + h.key() + " failed: " + message);
                    }
                }
            }
            if (pending.isEmpty() && running.isEmpty() && deleting.isEmpty()) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                List<String> names = new ArrayList<>();
                pending.forEach(r -> names.add(r.key().toString()));
                running.forEach(h -> names.add(h.key() + " (hook)"));
                deleting.forEach(r -> names.add(r.key() + " (deletion)"));
                releaseAll(running);
                throw new Failure("Sync failed: timed out in " + where + " waiting for " + String.join(", ", names), true);
            }
            sleep(settings.pollInterval());
        }
    }

    private void runSyncFail(List<Task> syncFail, List<SyncResult.Step> steps, Instant deadline) throws InterruptedException {
        if (syncFail.isEmpty()) {
            return;
        }
        List<HookResource> hooks = new ArrayList<>();
        try {
            for (Task t : syncFail) {
                if (t.hook.hook().deletePolicies().contains(Hook.DeletePolicy.BEFORE_HOOK_CREATION)) {
                    deleteAndWait(t.hook.type(), t.key, deadline);
                }
                createHook(t, steps);
                hooks.add(t.hook);
            }
            waitFor(syncFail.get(0), List.of(), hooks, List.of(), steps, deadline);
        } catch (Failure f) {
            log.accept(f.getMessage());
        }
    }

    /** Deletes a hook object left from an earlier sync and waits until it is gone, so it can be created again. */
    private void deleteAndWait(ResourceType type, ResourceKey key, Instant deadline) throws InterruptedException, Failure {
        String ns = namespace(key);
        Optional<Map<String, Object>> earlier = type == null ? Optional.empty() : resources.get(type, ns, key.name());
        if (earlier.isEmpty()) {
            return;
        }
        // An earlier sync that stopped while watching the hook left its finalizer on.
        releaseHook(type, key, earlier.get());
        resources.delete(type, ns, key.name(), Resources.Propagation.FOREGROUND);
        while (resources.get(type, ns, key.name()).isPresent()) {
            if (Instant.now().isAfter(deadline)) {
                throw new Failure("Sync failed: timed out waiting for the earlier hook " + key + " to be deleted", true);
            }
            sleep(settings.pollInterval());
        }
    }

    /** The served type of a desired object; looked up again when its CRD came in this sync. */
    private ResourceType typeOf(ResourceState r) {
        return r.type() != null ? r.type()
                : resources.type(String.valueOf(r.desired().get("apiVersion")), r.key().kind()).orElse(null);
    }

    /** The namespace argument for {@link Resources}: {@code null} for cluster-scoped objects. */
    private static String namespace(ResourceKey key) {
        return key.namespace().isEmpty() ? null : key.namespace();
    }

    private static SyncResult.Step get(Future<SyncResult.Step> f) throws InterruptedException {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void sleep(Duration d) throws InterruptedException {
        if (!d.isZero() && !d.isNegative()) {
            Thread.sleep(d.toMillis());
        }
    }

    private static String message(KubernetesClientException e) {
        if (e.getStatus() != null && e.getStatus().getMessage() != null) {
            return e.getStatus().getMessage() + " (HTTP " + e.getCode() + ")";
        }
        if (e.getStatus() != null && e.getStatus().getReason() != null) {
            // A status without a message (429, 503 from a proxy): its reason, after the client's own retries.
            return "the API server answered " + e.getStatus().getReason() + " (HTTP " + e.getCode() + "), also to the"
                    + " client's retries";
        }
        return e.getMessage();
    }

    /**
     * What a stopped sync changed and what it did not reach, so that whoever reads the failure knows the cluster's
     * state without reading every step.
     */
    private String accounting(List<Task> tasks, List<SyncResult.Step> steps, SyncRequest request) {
        java.util.Set<ResourceKey> reached = new java.util.HashSet<>();
        java.util.Set<String> changed = new java.util.LinkedHashSet<>();
        for (SyncResult.Step s : steps) {
            reached.add(s.key());
            if (s.action() != SyncResult.Action.UNCHANGED && !s.status().equals("SyncFailed") && !s.status().equals("PruneSkipped")) {
                changed.add(s.key().toString());
            }
        }
        List<String> left = new ArrayList<>();
        for (Task t : tasks) {
            boolean skipped = t.action == SyncResult.Action.PRUNE && pruneSkip(t.resource, request).isPresent();
            if (t.phase != SyncPhase.SYNC_FAIL && t.action != SyncResult.Action.UNCHANGED && !skipped && !reached.contains(t.key)) {
                left.add(t.key.toString());
            }
        }
        return "Changed before it stopped: " + listed(List.copyOf(changed)) + "; not applied: " + listed(left);
    }

    private static String listed(List<String> keys) {
        if (keys.isEmpty()) {
            return "nothing";
        }
        int shown = Math.min(keys.size(), 5);
        return keys.size() + " (" + String.join(", ", keys.subList(0, shown)) + (keys.size() > shown ? ", …" : "") + ")";
    }

    private static String capitalize(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private static String count(List<SyncResult.Step> steps) {
        Map<String, Integer> n = new LinkedHashMap<>();
        for (SyncResult.Step s : steps) {
            n.merge(s.action().text(), 1, Integer::sum);
        }
        List<String> parts = new ArrayList<>();
        n.forEach((k, v) -> parts.add(v + " " + k));
        return parts.isEmpty() ? "nothing to do" : String.join(", ", parts);
    }
}
