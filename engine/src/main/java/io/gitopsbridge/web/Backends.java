package io.gitopsbridge.web;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.kube.ResourceKey;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * Several backends as one, for a host with a controller per cluster (Jenkins): an application is answered by the
 * backend that reconciles it; names are unique across them, as configured applications' names are.
 */
public final class Backends implements Backend {
    private final Supplier<List<Backend>> backends;

    /** @param backends read at each request, since controllers start and stop with the configuration */
    public Backends(Supplier<List<Backend>> backends) {
        this.backends = backends;
    }

    private Optional<Backend> of(String name) {
        return backends.get().stream().filter(b -> b.application(name).isPresent()).findFirst();
    }

    private Backend require(String name) {
        return of(name).orElseThrow(() -> missing(name));
    }

    private static IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("no application '" + name + "' is reconciled here");
    }

    @Override
    public List<Application> applications() {
        List<Application> all = new ArrayList<>();
        backends.get().forEach(b -> all.addAll(b.applications()));
        all.sort(Comparator.comparing(Application::name));
        return all;
    }

    @Override
    public Optional<Application> application(String name) {
        return of(name).flatMap(b -> b.application(name));
    }

    @Override
    public Comparison compare(String name) {
        return require(name).compare(name);
    }

    @Override
    public List<Map<String, Object>> children(String uid) {
        List<Map<String, Object>> out = new ArrayList<>();
        backends.get().forEach(b -> out.addAll(b.children(uid)));
        return out;
    }

    @Override
    public Optional<Map<String, Object>> live(String name, ResourceKey key) {
        return of(name).flatMap(b -> b.live(name, key));
    }

    @Override
    public void refresh(String name, boolean hard) {
        of(name).ifPresent(b -> b.refresh(name, hard));
    }

    @Override
    public boolean operating(String name) {
        return of(name).map(b -> b.operating(name)).orElse(false);
    }

    @Override
    public CompletableFuture<SyncResult> sync(String name, SyncRequest request) {
        return of(name).map(b -> b.sync(name, request)).orElseGet(() -> CompletableFuture.failedFuture(missing(name)));
    }

    @Override
    public CompletableFuture<SyncResult> rollback(String name, long id, SyncRequest request) {
        return of(name).map(b -> b.rollback(name, id, request)).orElseGet(() -> CompletableFuture.failedFuture(missing(name)));
    }

    @Override
    public boolean terminate(String name) {
        return of(name).map(b -> b.terminate(name)).orElse(false);
    }

    @Override
    public List<Events.Event> events(String name) {
        return of(name).map(b -> b.events(name)).orElse(List.of());
    }
}
