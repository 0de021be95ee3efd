package io.gitopsbridge.controller;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.sync.Targets;
import java.time.Duration;

/**
 * The controller's renders from Git: every application of a repository shares its mirror, what its server last
 * advertised (within the sources' revision cache) and the rendering of an unchanged commit; a hard refresh asks the
 * servers of the application's sources again.
 */
public final class GitRender implements Controller.Render {
    private final GitSources sources;
    private final Duration limit;

    /** @param limit how long one render may take before its target fails (a Git server that dribbles, a slow chart) */
    public GitRender(GitSources sources, Duration limit) {
        this.sources = sources;
        this.limit = limit;
    }

    @Override
    public Target render(Application app) {
        return Targets.fromGit(app, sources, limit);
    }

    @Override
    public Target renderFresh(Application app) {
        app.sources().stream().map(Source::repoURL).distinct().forEach(sources::forget);
        return render(app);
    }
}
