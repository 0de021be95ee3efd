package io.gitopsbridge.sync;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.YamlException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Renders an Application's sources into a {@link Target}; a rendering error becomes a failed target, never a throw. */
public final class Targets {
    private Targets() {}

    /**
     * From Git, within {@code limit}: a render still running then (a Git server that dribbles, a slow chart) is
     * interrupted and the target fails, so the operation's timeout bounds the render as well as the sync.
     */
    public static Target fromGit(Application app, GitSources git, Duration limit) {
        FutureTask<Target> task = new FutureTask<>(() -> fromGit(app, git));
        Thread thread = new Thread(task, "gitops-bridge-render-" + app.name());
        thread.setDaemon(true);
        thread.start();
        try {
            return task.get(Math.max(1, limit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            return Target.failed("timed out after the operation's timeout of " + limit.toSeconds() + "s",
                    List.of());
        } catch (InterruptedException e) {
            task.cancel(true);
            // Whoever interrupted (a controller closing) may remove the repository cache next: the render's own
            // thread, which may be writing a clone there and need not heed its interrupt, gets a moment to end.
            try {
                thread.join(5_000);
            } catch (InterruptedException again) {
                // Asked twice: stop waiting.
            }
            Thread.currentThread().interrupt();
            return Target.failed("interrupted", List.of());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    /** From Git, through the mirror and render caches of {@code git}. */
    public static Target fromGit(Application app, GitSources git) {
        try {
            List<Manifest> manifests = new ArrayList<>();
            List<String> revisions = new ArrayList<>();
            List<GitSources.Rendering> renderings = app.multiSource()
                    ? git.render(app.sources(), app.name(), app.targetNamespace())
                    : List.of(git.render(app.sources().get(0), app.name(), app.targetNamespace()));
            for (GitSources.Rendering r : renderings) {
                manifests.addAll(r.manifests());
                revisions.add(r.commit());
            }
            return Target.rendered(manifests, revisions);
        } catch (RenderException | YamlException | UncheckedIOException e) {
            return Target.failed(e.getMessage(), List.of());
        }
    }

    /** From a local directory holding the (single) source's files, for trying changes before they are pushed. */
    public static Target fromDirectory(Application app, Path dir, String revision) {
        if (app.multiSource()) {
            return Target.failed("a local directory renders one source; this Application has spec.sources", List.of());
        }
        try {
            return Target.rendered(Renderer.render(app.sources().get(0), SourceTree.of(dir), app.name(), app.targetNamespace()),
                    List.of(revision));
        } catch (RenderException | YamlException | UncheckedIOException e) {
            return Target.failed(e.getMessage(), List.of());
        }
    }
}
