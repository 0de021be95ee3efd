package io.gitopsbridge.cli;

import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.render.Manifest;
import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.render.Renderer;
import io.gitopsbridge.render.Source;
import io.gitopsbridge.render.SourceTree;
import io.gitopsbridge.yaml.KubeYaml;
import io.gitopsbridge.yaml.YamlFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
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
        Source source = null;
        List<Source> sources = null;
        String release = "release";
        String namespace = "default";
        if (application != null) {
            String text = Files.readString(application);
            YamlFiles.document(application.toString(), text);
            Map<String, Object> app = (Map<String, Object>) KubeYaml.load(application.toString(), text);
            Map<String, Object> appSpec = app.get("spec") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
            if (!"Application".equals(app.get("kind")) || (appSpec.get("source") == null && appSpec.get("sources") == null)) {
                throw new RenderException(application + ": expected an Application with spec.source or spec.sources");
            }
            if (app.get("metadata") instanceof Map<?, ?> meta && meta.get("name") != null) {
                release = meta.get("name").toString();
            }
            if (appSpec.get("destination") instanceof Map<?, ?> d && d.get("namespace") != null) {
                namespace = d.get("namespace").toString();
            }
            if (appSpec.get("sources") instanceof List<?> list) {
                sources = new java.util.ArrayList<>();
                for (int i = 0; i < list.size(); i++) {
                    sources.add(Source.from((Map<String, Object>) list.get(i), application + ": spec.sources[" + i + "]"));
                }
            } else {
                source = Source.from((Map<String, Object>) appSpec.get("source"), application + ": spec.source");
            }
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
        List<Manifest> manifests = new java.util.ArrayList<>();
        if (dir != null) {
            if (sources != null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--dir renders one source; this Application"
                        + " has spec.sources");
            }
            manifests = Renderer.render(source, SourceTree.of(dir), release, namespace);
        } else {
            Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge", "sources");
            GitSources git = new GitSources(cacheDir, 16);
            for (GitSources.Rendering r : sources != null ? git.render(sources, release, namespace)
                    : List.of(git.render(source, release, namespace))) {
                spec.commandLine().getErr().println("Rendered commit " + r.commit() + ": " + r.manifests().size() + " objects");
                manifests.addAll(r.manifests());
            }
        }
        spec.commandLine().getOut().print(Renderer.yaml(manifests));
        return 0;
    }
}
