package io.gitopsbridge.testing;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.controller.Controller;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Applications with their status kept in memory, as Jenkins keeps configured applications' status files: what a
 * controller under test reconciles, and what it saved.
 */
public final class MemoryApplications implements Controller.Applications {
    /** The applications it lists; a test may add and remove them. */
    public final List<Application> apps = new CopyOnWriteArrayList<>();
    /** The last status saved for each application, starting with the status each was given with. */
    public final Map<String, ApplicationStatus> saved = new ConcurrentHashMap<>();
    /** Each change of operation saved: phase, revisions and retry count, in order. */
    public final List<String> operations = new CopyOnWriteArrayList<>();
    /** How many statuses were saved. */
    public final AtomicInteger saves = new AtomicInteger();

    public MemoryApplications(Application... apps) {
        for (Application app : apps) {
            this.apps.add(app);
            saved.put(app.name(), app.status());
        }
    }

    @Override
    public List<Application> list() {
        return List.copyOf(apps);
    }

    @Override
    public void saveStatus(Application app, ApplicationStatus status) {
        ApplicationStatus before = saved.put(app.name(), status);
        saves.incrementAndGet();
        if (status.operationState() != null && (before == null || !status.operationState().equals(before.operationState()))) {
            operations.add(status.operationState().phase() + " " + status.operationState().revisions() + " "
                    + status.operationState().retryCount());
        }
    }
}
