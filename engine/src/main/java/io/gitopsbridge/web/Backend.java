package io.gitopsbridge.web;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.sync.Comparison;
import io.gitopsbridge.sync.SyncRequest;
import io.gitopsbridge.sync.SyncResult;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The applications a host reconciles, as the dashboard reads them and what it asks of them. */
public interface Backend {
    /** Every application reconciled here, with its status. */
    List<Application> applications();

    Optional<Application> application(String name);

    /** A comparison of {@code name} with Git and the cluster now, for its live diff. */
    Comparison compare(String name);

    /** The live objects owned (by {@code ownerReferences}) by the object with {@code uid}, where they are known. */
    List<Map<String, Object>> children(String uid);

    /** The live object a tracked resource of {@code name} is now, or empty. */
    Optional<Map<String, Object>> live(String name, io.gitopsbridge.kube.ResourceKey key);

    void refresh(String name, boolean hard);

    /** Whether a sync of {@code name} is under way now; its status shows the operation before until it ends. */
    boolean operating(String name);

    /** A sync through the host's queue; a dry run beside it, since it changes nothing and must not take a real one's place. */
    CompletableFuture<SyncResult> sync(String name, SyncRequest request);

    CompletableFuture<SyncResult> rollback(String name, long id, SyncRequest request);

    /** @return false when no operation is running */
    boolean terminate(String name);

    List<Events.Event> events(String name);
}
