package io.gitopsbridge.cli;

import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops-bridge render}: prints the objects a source renders to. */
@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render an Application's source (or a repository path, or a local directory) to Kubernetes"
                + " objects, as Argo CD would; print them as YAML.")
final class RenderCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "APPLICATION",
            description = "An argoproj.io/v1alpha1 Application YAML whose spec.source is rendered.")
    Path application;

    @Option(names = "--repo", description = "Repository URL (instead of an Application).")
    String repo;

    @Option(names = "--revision", defaultValue = "HEAD", description = "Branch, tag or commit (default: ${DEFAULT-VALUE}).")
    String revision;

    @Option(names = "--path", defaultValue = "", description = "Directory in the repository.")
    String path;

    @Option(names = "--dir", description = "Render from this local directory instead of fetching the repository.")
    Path dir;

    @Option(names = "--cache", description = "Repository cache (default: ~/.cache/gitops-bridge/sources).")
    Path cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    @SuppressWarnings("unchecked")
    public Integer call() throws Exception {
        Source source;
        if (application != null) {
            String text = Files.readString(application);
            YamlFiles.document(application.toString(), text);
            Map<String, Object> app = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(text);
            Object kind = app.get("kind");
            Map<String, Object> appSpec = app.get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (!"Application".equals(kind) || !(appSpec.get("source") instanceof Map<?, ?> s)) {
                throw new RenderException(application + ": expected an Application with spec.source"
                        + (appSpec.get("sources") != null ? " (spec.sources is not supported yet)" : ""));
            }
            source = Source.from((Map<String, Object>) s, application + ": spec.source");
        } else {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("repoURL", repo == null ? (dir == null ? null : dir.toString()) : repo);
            s.put("targetRevision", revision);
            s.put("path", path);
            if (s.get("repoURL") == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give an APPLICATION, --repo or --dir");
            }
            source = Source.from(s, "--repo/--path");
        }
        List<Manifest> manifests;
        if (dir != null) {
            manifests = Renderer.render(source, SourceTree.of(dir));
        } else {
            Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge", "sources");
            GitSources.Rendering r = new GitSources(cacheDir, 16).render(source);
            spec.commandLine().getErr().println("Rendered " + source.repoURL() + " at " + r.commit() + ", path '" + source.dir()
                    + "': " + r.manifests().size() + " objects");
            manifests = r.manifests();
        }
        spec.commandLine().getOut().print(Renderer.yaml(manifests));
        return 0;
    }
}
