package io.gitopsbridge.cli;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.app.ApplicationStatus;
import io.gitopsbridge.app.StatusFile;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.sync.Target;
import io.gitopsbridge.sync.Targets;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The options {@code diff} and {@code sync} share: the Application, where its files come from, and its status file. */
final class AppOptions {
    @Parameters(index = "0", paramLabel = "APPLICATION", description = "An argoproj.io/v1alpha1 Application YAML file.")
    Path application;

    @Option(names = "--revision", description = "Render this branch, tag or commit instead of the Application's targetRevision.")
    String revision;

    @Option(names = "--dir", description = "Render the (single) source from this local directory instead of fetching it.")
    Path dir;

    @Option(names = "--cache", description = "Repository cache (default: ~/.cache/gitops-bridge/sources).")
    Path cache;

    @Option(names = "--status", paramLabel = "FILE", description = "The application's status: read before, written after a"
            + " sync. It lists the resources the application manages, so prune finds kinds Git no longer has.")
    Path status;

    @picocli.CommandLine.Mixin
    GitAuthOptions git;

    Application load() throws IOException {
        Application app = Application.read(application);
        if (revision != null) {
            app = app.atRevision(revision);
        }
        if (status != null) {
            app = app.withStatus(StatusFile.read(status));
        }
        return app;
    }

    Target render(Application app, picocli.CommandLine commandLine) throws IOException {
        return render(app, commandLine, null);
    }

    /** The application's target, rendering for at most {@code limit} ({@code null}: no limit beyond Git's own). */
    Target render(Application app, picocli.CommandLine commandLine, java.time.Duration limit) throws IOException {
        if (dir != null) {
            return Targets.fromDirectory(app, dir, revision != null ? revision : "local");
        }
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge", "sources");
        GitAuth auth = git.auth(commandLine);
        GitSources sources = new GitSources(cacheDir, 16).withAuth(url -> auth);
        return limit == null ? Targets.fromGit(app, sources) : Targets.fromGit(app, sources, limit);
    }

    void save(ApplicationStatus s) throws IOException {
        if (status != null) {
            StatusFile.write(status, s);
        }
    }
}
