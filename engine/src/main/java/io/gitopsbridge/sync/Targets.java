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
import java.util.ArrayList;
import java.util.List;

/** Renders an Application's sources into a {@link Target}; a rendering error becomes a failed target, never a throw. */
public final class Targets {
    private Targets() {}

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
