package io.gitopsbridge.web;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.cache.ClusterCache;
import io.gitopsbridge.controller.Controller;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.kube.ResourceType;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.SyncEngine;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A {@link Backend} over one {@link Controller}: what it reconciles, its queue for syncs and refreshes, its cluster
 * cache for live objects and their children (ReplicaSets, Pods and Jobs are watched once a resource tree is asked for,
 * as Argo CD's tree shows them).
 */
public final class ControllerBackend implements Backend {
    /** The kinds whose objects are children of what applications deploy, watched so the tree can show them. */
    static final List<ResourceType> CHILD_TYPES = List.of(new ResourceType("apps", "v1", "ReplicaSet", "replicasets", true),
            new ResourceType("", "v1", "Pod", "pods", true), new ResourceType("batch", "v1", "Job", "jobs", true));

    private final Controller controller;
    private final Controller.Render render;
    private final SyncEngine engine;
    private final ClusterCache cache;
    private final Events events;

    public ControllerBackend(Controller controller, Controller.Render render, SyncEngine engine, ClusterCache cache,
            Events events) {
        this.controller = controller;
        this.render = render;
        this.engine = engine;
        this.cache = cache;
        this.events = events;
    }

    @Override
    public List<Application> applications() {
        return controller.names().stream().map(controller::application).flatMap(Optional::stream)
                .sorted(Comparator.comparing(Application::name)).toList();
    }

    @Override
    public Optional<Application> application(String name) {
        return controller.application(name);
    }

    @Override
    public Comparison compare(String name) {
        Application app = controller.application(name).orElseThrow(() -> new IllegalArgumentException(
                "no application '" + name + "' is reconciled here"));
        return engine.compare(app, render.render(app));
    }

    @Override
    public List<Map<String, Object>> children(String uid) {
        // Watched from the first tree asked for, not before: a host nobody looks at holds no Pods.
        CHILD_TYPES.forEach(cache::ready);
        return cache.ownedBy(uid);
    }

    @Override
    public Optional<Map<String, Object>> live(String name, ResourceKey key) {
        return cache.trackedBy(name).stream().filter(o -> ResourceKey.of(o).equals(key)).findFirst();
    }

    @Override
    public void refresh(String name, boolean hard) {
        controller.refresh(name, hard);
    }

    @Override
    public boolean operating(String name) {
        return controller.operating(name);
    }

    @Override
    public CompletableFuture<SyncResult> sync(String name, SyncRequest request) {
        if (!request.dryRun()) {
            return controller.sync(name, request);
        }
        Application app = controller.application(name).orElse(null);
        if (app == null) {
            return CompletableFuture.failedFuture(new IllegalArgumentException("no application '" + name + "' is reconciled here"));
        }
        return CompletableFuture.supplyAsync(() -> engine.sync(app, render.render(app), request, line -> { }));
    }

    @Override
    public CompletableFuture<SyncResult> rollback(String name, long id, SyncRequest request) {
        return controller.rollback(name, id, request);
    }

    @Override
    public boolean terminate(String name) {
        return controller.terminate(name);
    }

    @Override
    public List<Events.Event> events(String name) {
        return events.of(name);
    }
}
