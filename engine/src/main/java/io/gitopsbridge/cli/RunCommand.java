package io.gitopsbridge.cli;

import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pipeline.PipelineRunHandle;
import io.gitopsbridge.pipeline.PipelineRunRequest;
import io.gitopsbridge.pipeline.PipelineRunResult;
import io.gitopsbridge.pipeline.PipelineRunner;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.pod.WorkspaceBinding;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Retention;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.taskrun.TaskRunHandle;
import io.gitopsbridge.taskrun.TaskRunResult;
import io.gitopsbridge.taskrun.TaskRunner;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.tekton.ParamSpec;
import io.gitopsbridge.tekton.ParamType;
import io.gitopsbridge.tekton.ParamValue;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.yaml.YamlFiles;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops-bridge run}: runs a Task or Pipeline from YAML as Pods, with live logs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a tekton.dev/v1 Task or Pipeline as Pods, streaming each step's log; exit 1 if it fails.")
final class RunCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "Task or Pipeline YAML.")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A param; arrays as a,b,c and objects as k:v,k2:v2, as the declaration's type says.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME=BINDING",
            description = "emptyDir, pvc:CLAIM, secret:NAME or configmap:NAME; for a Pipeline also claim:SIZE (a new"
                    + " PersistentVolumeClaim for the run).")
    Map<String, String> workspaces = new LinkedHashMap<>();

    @Option(names = "--tasks", paramLabel = "DIR", description = "Where taskRefs are found (<name>.yaml or the catalog layout).")
    Path tasksDir;

    @Option(names = "--timeout", defaultValue = "1h", description = "Limit of each task attempt (default: ${DEFAULT-VALUE}).")
    String timeout;

    @Option(names = "--retries", defaultValue = "0", description = "Extra attempts of a failed Task (Pipelines use each task's retries).")
    int retries;

    @Option(names = "--max-parallel", defaultValue = "4", description = "Pipeline tasks at once (default: ${DEFAULT-VALUE}).")
    int maxParallel;

    @Option(names = "--fail-fast", description = "Cancel running pipeline tasks when one fails.")
    boolean failFast;

    @Option(names = "--keep-pods", description = "Keep every Pod (default: keep failed ones only).")
    boolean keepPods;

    @Option(names = "--service-account", description = "Service account of the Pods.")
    String serviceAccount;

    @Option(names = "--helper-image", defaultValue = PodOptions.DEFAULT_HELPER_IMAGE,
            description = "Image with sh, cat and wc that reports results (default: ${DEFAULT-VALUE}).")
    String helperImage;

    @CommandLine.Mixin
    ClusterOptions clusterOptions;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text = Files.readString(file);
        String kind = YamlFiles.document(file.toString(), text).optString("kind").orElse("");
        TaskResolver resolver = tasksDir == null ? TaskResolver.NONE : TaskResolver.directory(tasksDir);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        LogSink sink = new LogSink() {
            @Override
            public void stepStarted(String step) {
                out.println("[" + step + "] --- started");
            }

            @Override
            public void line(String step, String line) {
                out.println("[" + step + "] " + line);
            }

            @Override
            public void event(String message) {
                err.println(message);
            }
        };
        Duration limit = GoDuration.parse(timeout);
        RunOptions runOptions = RunOptions.DEFAULT.withRetries(retries)
                .withRetention(keepPods ? Retention.KEEP_ALL : Retention.KEEP_FAILED);
        PodTemplate template = new PodTemplate(Map.of(), List.of(), null, null, serviceAccount, List.of(), null, null);
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection())) {
            PodOptions podOptions = PodOptions.forCluster(helperImage, cluster.verify().gitVersion());
            try (TaskRunner tasks = new TaskRunner(cluster.client(), podOptions)) {
                if (kind.equals("Pipeline")) {
                    Pipeline pipeline = PipelineParser.pipeline(file.toString(), text, resolver);
                    Map<String, WorkspaceBinding> bound = new LinkedHashMap<>();
                    Map<String, io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpec> claims = new LinkedHashMap<>();
                    workspaces.forEach((name, binding) -> {
                        if (binding.startsWith("claim:")) {
                            claims.put(name, new io.fabric8.kubernetes.api.model.PersistentVolumeClaimSpecBuilder()
                                    .withAccessModes("ReadWriteOnce").withNewResources()
                                    .addToRequests("storage", new io.fabric8.kubernetes.api.model.Quantity(binding.substring(6)))
                                    .endResources().build());
                        } else {
                            bound.put(name, binding(name, binding));
                        }
                    });
                    PipelineRunRequest request = new PipelineRunRequest(runName(pipeline.name()), cluster.namespace(), pipeline,
                            typed(pipeline.params()), bound, claims, template, limit, Map.of(), Map.of());
                    try (PipelineRunner pipelines = new PipelineRunner(cluster.client(), tasks)) {
                        PipelineRunHandle handle = pipelines.start(request,
                                new PipelineOptions(maxParallel, failFast, runOptions), sink);
                        Runtime.getRuntime().addShutdownHook(new Thread(() -> handle.cancel("interrupted")));
                        PipelineRunResult result = handle.result().get();
                        result.results().forEach((k, v) -> out.println("result " + k + " = " + v));
                        err.println(result.message());
                        return result.succeeded() ? 0 : 1;
                    }
                }
                Task task = TektonParser.task(file.toString(), text);
                Map<String, WorkspaceBinding> bound = new LinkedHashMap<>();
                workspaces.forEach((name, binding) -> bound.put(name, binding(name, binding)));
                TaskRunRequest request = TaskRunRequest.of(runName(task.name()), cluster.namespace(), task, typed(task.spec().params()))
                        .withWorkspaces(bound).withTimeout(limit).withPodTemplate(template);
                TaskRunHandle handle = tasks.start(request, runOptions, sink);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> handle.cancel("interrupted")));
                TaskRunResult result = handle.result().get();
                result.results().forEach((k, v) -> out.println("result " + k + " = " + v));
                err.println(result.message());
                return result.succeeded() ? 0 : 1;
            }
        }
    }

    private Map<String, ParamValue> typed(List<ParamSpec> declared) {
        Map<String, ParamValue> values = new LinkedHashMap<>();
        params.forEach((name, raw) -> {
            ParamType type = declared.stream().filter(p -> p.name().equals(name)).map(ParamSpec::type).findFirst()
                    .orElse(ParamType.STRING);
            values.put(name, switch (type) {
                case STRING -> new ParamValue.Text(raw);
                case ARRAY -> new ParamValue.Array(raw.isEmpty() ? List.of() : List.of(raw.split(",", -1)));
                case OBJECT -> {
                    Map<String, String> object = new LinkedHashMap<>();
                    for (String pair : raw.split(",")) {
                        int colon = pair.indexOf(':');
                        if (colon < 0) {
                            throw new IllegalArgumentException("object param '" + name + "' needs key:value pairs, not '" + pair + "'");
                        }
                        object.put(pair.substring(0, colon), pair.substring(colon + 1));
                    }
                    yield new ParamValue.Object(object);
                }
            });
        });
        return values;
    }

    static WorkspaceBinding binding(String name, String spec) {
        if (spec.equals("emptyDir")) {
            return new WorkspaceBinding.EmptyDir();
        }
        int colon = spec.indexOf(':');
        String kind = colon < 0 ? spec : spec.substring(0, colon);
        String value = colon < 0 ? "" : spec.substring(colon + 1);
        return switch (kind) {
            case "pvc" -> new WorkspaceBinding.Pvc(value, null);
            case "secret" -> new WorkspaceBinding.Secret(value);
            case "configmap" -> new WorkspaceBinding.ConfigMap(value);
            default -> throw new IllegalArgumentException("workspace '" + name + "': '" + spec
                    + "' is not emptyDir, pvc:CLAIM, secret:NAME, configmap:NAME or claim:SIZE");
        };
    }

    private static String runName(String base) {
        String suffix = Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36 * 36 * 36, 36 * 36 * 36 * 36 * 36), 36);
        String prefix = base.length() > 40 ? base.substring(0, 40).replaceAll("-+$", "") : base;
        return prefix + "-" + suffix;
    }
}
