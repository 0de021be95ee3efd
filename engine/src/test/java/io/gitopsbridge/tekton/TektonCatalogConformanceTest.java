package io.gitopsbridge.tekton;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.gitopsbridge.pod.PodBuilder;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.testing.SharedConformance;
import io.gitopsbridge.yaml.YamlException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every Task of the public Tekton catalog ({@code ../shared/conformance/tekton-catalog}, the catalog's own layout)
 * parsed and its Pod built with placeholder params and every workspace bound, as a new user would run it. Each Task
 * ends accepted, refused by feature (a Tekton feature GitOps Bridge names and does not run), or rejected (invalid
 * input; only files Tekton rejects too may be rejected). Anything else is a failure.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class TektonCatalogConformanceTest {
    /** Latest catalog Tasks that Tekton itself rejects, and why. */
    static final Map<String, String> INVALID_FOR_TEKTON = Map.of();

    /**
     * Tasks whose Pod keeps a reference under Tekton too: Tekton substitutes each kind of variable once, leaves
     * references to names nobody declared, and never rescans a param's value for params.
     */
    static final Map<String, String> LEFT_BY_TEKTON_TOO = Map.of(
            "anchore-cli/0.1", "$(params.anchore-cli-secret) in env valueFrom names a param the Task does not declare",
            "git-cli/0.2", "$(workspaces.output.path) names a workspace the Task does not declare",
            "git-cli/0.3", "$(workspaces.output.path) names a workspace the Task does not declare",
            "rhacs-image-check/3.71", "the default of IMAGE is the text $(params.IMAGE), which one params pass leaves",
            "rhacs-image-check/4.0", "the default of IMAGE is the text $(params.IMAGE), which one params pass leaves",
            "rhacs-image-scan/3.71", "the default of IMAGE is the text $(params.IMAGE), which one params pass leaves",
            "rhacs-image-scan/4.0", "the default of IMAGE is the text $(params.IMAGE), which one params pass leaves");

    enum Outcome { ACCEPTED, REFUSED, REJECTED, UNSUBSTITUTED, UNCAUGHT }

    /** References Tekton always resolves for a run that binds every workspace; none may reach the Pod. */
    private static final java.util.regex.Pattern RESOLVED = java.util.regex.Pattern.compile(
            "\\$\\((params|inputs\\.params|context\\.task|context\\.taskRun|results|workspaces|credentials|steps\\.step-)[.\\[][^)]*\\)");

    record Result(String task, String version, boolean latest, Outcome outcome, String detail) {}

    static Path catalog() {
        return SharedConformance.find("tekton-catalog");
    }

    @Test
    void everyCatalogTaskBuildsThePodTektonWouldBuild() throws IOException {
        Path catalog = catalog();
        Assumptions.assumeTrue(catalog != null, "Tekton catalog not found (../shared/conformance/tekton-catalog is absent"
                + " on a user's clone): skipped");
        List<Result> results = new ArrayList<>();
        try (Stream<Path> names = Files.list(catalog.resolve("task"))) {
            for (Path name : names.filter(Files::isDirectory).sorted().toList()) {
                List<Path> versions;
                try (Stream<Path> v = Files.list(name)) {
                    versions = v.filter(Files::isDirectory).sorted(Comparator.comparing(p -> p.getFileName().toString(), TaskResolver.VERSION_ORDER)).toList();
                }
                for (int i = 0; i < versions.size(); i++) {
                    Path file = versions.get(i).resolve(name.getFileName() + ".yaml");
                    if (Files.isRegularFile(file)) {
                        results.add(run(catalog, file, name.getFileName().toString(), versions.get(i).getFileName().toString(),
                                i == versions.size() - 1));
                    }
                }
            }
        }
        String table = table(results);
        System.out.println(table);
        Files.writeString(Path.of("target", "tekton-catalog-conformance.txt"), table);

        assertThat(results).filteredOn(r -> r.outcome() == Outcome.UNCAUGHT).as("exceptions").isEmpty();
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.UNSUBSTITUTED).as("references left in the Pod").isEmpty();
        assertThat(results).filteredOn(r -> r.latest() && r.outcome() == Outcome.REJECTED
                        && !INVALID_FOR_TEKTON.containsKey(r.task()))
                .as("latest Tasks rejected although Tekton accepts them").isEmpty();
    }

    @Test
    void everyCatalogSampleRunIsReadAndPlanned() throws IOException {
        Path catalog = catalog();
        Assumptions.assumeTrue(catalog != null, "Tekton catalog not found (../shared/conformance/tekton-catalog is absent"
                + " on a user's clone): skipped");
        TaskResolver tasks = TaskResolver.directory(catalog.resolve("task"));
        List<Result> results = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> all = Files.walk(catalog)) {
            files = all.filter(p -> p.toString().endsWith(".yaml") && (p.toString().contains("/samples/")
                    || p.toString().contains("/tests/") || catalog.relativize(p).startsWith("pipeline"))).sorted().toList();
        }
        Map<Path, List<String>> byDir = new LinkedHashMap<>();
        for (Path file : files) {
            String relative = catalog.relativize(file).toString();
            List<String> docs;
            try {
                docs = tektonDocuments(Files.readString(file));
            } catch (RuntimeException e) {
                results.add(new Result(relative, "", false, Outcome.REJECTED, "not YAML: " + e.getMessage().lines().findFirst().orElse("")));
                continue;
            }
            byDir.computeIfAbsent(file.getParent(), d -> new ArrayList<>());
            List<String> runs = docs.stream().filter(d -> d.matches("(?s).*\\nkind: *(TaskRun|PipelineRun)\\b.*")).toList();
            List<String> rest = docs.stream().filter(d -> !runs.contains(d)).toList();
            if (runs.isEmpty() && rest.stream().noneMatch(d -> d.matches("(?s).*\\nkind: *Pipeline\\b.*"))) {
                continue;
            }
            for (String run : runs.isEmpty() ? List.of("") : runs) {
                List<String> one = new ArrayList<>(rest);
                if (!run.isEmpty()) {
                    one.add(run);
                    // What the catalog's test harness creates beside a run: the Tasks and Pipelines of its directory.
                    one.addAll(siblings(file));
                }
                results.add(plan(relative, String.join("\n---\n", one), versionFirst(catalog, file, tasks), run.isEmpty()));
            }
        }
        String table = "Tekton catalog samples and tests (TaskRuns, PipelineRuns, Pipelines), read and planned\n\n"
                + counts(results);
        System.out.println(table);
        Files.writeString(Path.of("target", "tekton-catalog-samples.txt"), table);
        assertThat(results).filteredOn(r -> r.outcome() == Outcome.UNCAUGHT).as("exceptions").isEmpty();
    }

    /** Tasks and Pipelines in the other files of a run's directory. */
    private static List<String> siblings(Path file) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> dir = Files.list(file.getParent())) {
            for (Path other : dir.filter(p -> !p.equals(file) && p.toString().endsWith(".yaml")).sorted().toList()) {
                try {
                    tektonDocuments(Files.readString(other)).stream()
                            .filter(d -> d.matches("(?s).*\\nkind: *(Task|Pipeline)\\b.*")).forEach(out::add);
                } catch (RuntimeException e) {
                    // not YAML: counted when that file itself is read
                }
            }
        }
        return out;
    }

    /** A sample of {@code task/<name>/<version>/} uses that version of its Task; other names come from the catalog. */
    private static TaskResolver versionFirst(Path catalog, Path file, TaskResolver catalogTasks) {
        Path rel = catalog.relativize(file);
        if (rel.getNameCount() < 3 || !rel.getName(0).toString().equals("task")) {
            return catalogTasks;
        }
        String name = rel.getName(1).toString();
        Path own = catalog.resolve("task").resolve(name).resolve(rel.getName(2)).resolve(name + ".yaml");
        return n -> {
            if (n.equals(name) && Files.isRegularFile(own)) {
                try {
                    return java.util.Optional.of(TektonParser.task(catalog.relativize(own).toString(), Files.readString(own)));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            return catalogTasks.find(n);
        };
    }

    /** The file's Tekton documents (a user creates the others, such as claims and Secrets, with kubectl). */
    private static List<String> tektonDocuments(String text) {
        List<String> out = new ArrayList<>();
        for (String doc : text.split("(?m)^---.*$")) {
            if (doc.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
                continue;
            }
            io.gitopsbridge.yaml.YamlNode node = io.gitopsbridge.yaml.YamlFiles.document("doc", doc);
            if (node.isMap() && node.get("apiVersion").isScalar() && node.get("apiVersion").string().startsWith("tekton.dev/")
                    && node.get("kind").isScalar()
                    && List.of("Task", "Pipeline", "TaskRun", "PipelineRun").contains(node.get("kind").string())) {
                out.add("\n" + doc.strip() + "\n");
            }
        }
        return out;
    }

    /** @param bare a Pipeline with no run: given placeholder params and every workspace, as a user running it would */
    private static Result plan(String file, String text, TaskResolver tasks, boolean bare) {
        try {
            io.gitopsbridge.launch.RunFile run = io.gitopsbridge.launch.RunFile.parse(file, text, tasks, TaskResolver.NO_FILES);
            Map<String, Object> params = new LinkedHashMap<>();
            Map<String, io.gitopsbridge.launch.WorkspaceSpec> workspaces = new LinkedHashMap<>();
            if (bare && run.definition() instanceof io.gitopsbridge.launch.Definition.OfPipeline p) {
                p.pipeline().params().stream().filter(ParamSpec::required).forEach(d -> params.put(d.name(), switch (d.type()) {
                    case STRING -> "placeholder";
                    case ARRAY -> List.of("placeholder");
                    case OBJECT -> Map.of();
                }));
                p.pipeline().workspaces().forEach(w -> workspaces.put(w.name(), io.gitopsbridge.launch.WorkspaceSpec.parse(w.name(), "emptyDir")));
            }
            io.gitopsbridge.launch.LaunchRequest request = run.request(null, "ci", params, workspaces,
                    io.gitopsbridge.pod.PodTemplate.NONE, null, io.gitopsbridge.pipeline.PipelineOptions.DEFAULT);
            List<Pod> pods = io.gitopsbridge.launch.Launcher.dryRun(request, PodOptions.defaults());
            assertThat(pods).isNotEmpty();
            return new Result(file, "", false, Outcome.ACCEPTED, pods.size() + " Pods");
        } catch (YamlException | IllegalArgumentException e) {
            String feature = refusedFeature(e.getMessage());
            return new Result(file, "", false, feature != null ? Outcome.REFUSED : Outcome.REJECTED,
                    feature != null ? feature : e.getMessage());
        } catch (RuntimeException e) {
            return new Result(file, "", false, Outcome.UNCAUGHT, e.toString());
        }
    }

    private static String counts(List<Result> results) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("| %-13s | %5s |%n", "outcome", "runs"));
        out.append("|---|---:|\n");
        for (Outcome o : Outcome.values()) {
            out.append(String.format("| %-13s | %5d |%n", o, results.stream().filter(r -> r.outcome() == o).count()));
        }
        Map<String, Long> reasons = new TreeMap<>();
        results.stream().filter(r -> r.outcome() != Outcome.ACCEPTED)
                .forEach(r -> reasons.merge(r.outcome() + " " + reason(r.detail()), 1L, Long::sum));
        out.append("\nNot accepted, by reason:\n");
        reasons.forEach((k, v) -> out.append(String.format("  %4d  %s%n", v, k)));
        out.append("\nEach:\n");
        results.stream().filter(r -> r.outcome() != Outcome.ACCEPTED)
                .forEach(r -> out.append("  ").append(r.outcome()).append(' ').append(r.task()).append(": ").append(r.detail()).append('\n'));
        return out.toString();
    }

    /** A message without its file and line, so that like reasons count together. */
    private static String reason(String detail) {
        return detail.replaceFirst("^[^:]+:\\d+: [^:]*: ", "").replaceAll("'[^']*'", "'…'");
    }

    private static Result run(Path catalog, Path file, String name, String version, boolean latest) {
        String relative = catalog.relativize(file).toString();
        try {
            Task task = TektonParser.task(relative, Files.readString(file));
            Map<String, ParamValue> params = new LinkedHashMap<>();
            for (ParamSpec p : task.spec().params()) {
                if (p.required()) {
                    params.put(p.name(), placeholder(p));
                }
            }
            Map<String, WorkspaceBinding> workspaces = new LinkedHashMap<>();
            task.spec().workspaces().forEach(w -> workspaces.put(w.name(), new WorkspaceBinding.EmptyDir()));
            Pod pod = new PodBuilder(PodOptions.defaults()).build(
                    TaskRunRequest.of("catalog-run", "ci", task, params).withWorkspaces(workspaces), 0, "uid");
            List<String> left = leftOver(pod);
            if (!left.isEmpty() && !LEFT_BY_TEKTON_TOO.containsKey(name + "/" + version)) {
                return new Result(name, version, latest, Outcome.UNSUBSTITUTED, String.join(", ", left));
            }
            return new Result(name, version, latest, Outcome.ACCEPTED, "");
        } catch (YamlException | IllegalArgumentException e) {
            String feature = refusedFeature(e.getMessage());
            return new Result(name, version, latest, feature != null ? Outcome.REFUSED : Outcome.REJECTED,
                    feature != null ? feature : e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new Result(name, version, latest, Outcome.UNCAUGHT, e.toString());
        }
    }

    /** What Tekton would have substituted but the Pod still holds (script texts unescaped as the kubelet would). */
    private static List<String> leftOver(Pod pod) {
        List<String> texts = new ArrayList<>();
        List<io.fabric8.kubernetes.api.model.Container> all = new ArrayList<>(pod.getSpec().getInitContainers());
        all.addAll(pod.getSpec().getContainers());
        for (var c : all) {
            String json = io.fabric8.kubernetes.client.utils.Serialization.asJson(c);
            texts.add(c.getName().equals("place-scripts") ? json.replace("$$", "$") : json);
        }
        texts.add(io.fabric8.kubernetes.client.utils.Serialization.asJson(pod.getSpec().getVolumes()));
        List<String> left = new ArrayList<>();
        for (String t : texts) {
            java.util.regex.Matcher m = RESOLVED.matcher(t);
            while (m.find()) {
                if (!left.contains(m.group())) {
                    left.add(m.group());
                }
            }
        }
        return left;
    }

    /** The Tekton feature a refusal names, or {@code null} when the message is not a refusal. */
    static String refusedFeature(String message) {
        if (message.contains("PipelineResources were removed")) {
            return "PipelineResources";
        }
        if (message.contains("ClusterTask was removed")) {
            return "ClusterTask";
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("step field '([^']+)' is not supported").matcher(message);
        if (m.find()) {
            return "step " + m.group(1);
        }
        m = java.util.regex.Pattern.compile("is not supported by GitOps Bridge: ([^;.(]+)").matcher(message);
        return m.find() ? m.group(1).trim() : null;
    }

    private static ParamValue placeholder(ParamSpec p) {
        return switch (p.type()) {
            case STRING -> new ParamValue.Text("placeholder");
            case ARRAY -> new ParamValue.Array(List.of("placeholder"));
            case OBJECT -> {
                Map<String, String> values = new LinkedHashMap<>();
                p.properties().forEach(k -> values.put(k, "placeholder"));
                yield new ParamValue.Object(values);
            }
        };
    }

    private static String table(List<Result> results) {
        StringBuilder out = new StringBuilder("Tekton catalog conformance (task/<name>/<version>/<name>.yaml)\n\n");
        out.append(String.format("| %-13s | %6s | %12s |%n", "outcome", "latest", "all versions"));
        out.append("|---|---:|---:|\n");
        for (Outcome o : Outcome.values()) {
            out.append(String.format("| %-13s | %6d | %12d |%n", o,
                    results.stream().filter(r -> r.latest() && r.outcome() == o).count(),
                    results.stream().filter(r -> r.outcome() == o).count()));
        }
        Map<String, List<String>> byFeature = new TreeMap<>();
        results.stream().filter(r -> r.latest() && r.outcome() == Outcome.REFUSED)
                .forEach(r -> byFeature.computeIfAbsent(r.detail(), k -> new ArrayList<>()).add(r.task()));
        out.append("\nRefused (latest), by feature:\n");
        byFeature.forEach((f, tasks) -> out.append("  ").append(f).append(" (").append(tasks.size()).append("): ")
                .append(String.join(", ", tasks)).append('\n'));
        out.append("\nRejected, unsubstituted and uncaught:\n");
        results.stream().filter(r -> r.outcome() != Outcome.ACCEPTED && r.outcome() != Outcome.REFUSED)
                .forEach(r -> out.append("  ").append(r.outcome()).append(' ').append(r.task()).append('/').append(r.version())
                        .append(r.latest() ? " (latest)" : "").append(": ").append(r.detail()).append('\n'));
        return out.toString();
    }
}
