package io.gitopsbridge.cli;

import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.cluster.ClusterConnector;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import io.gitopsbridge.yaml.Trees;
import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.LaunchRequest;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.launch.WorkspaceSpec;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Retention;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.tekton.TaskResolver;
import java.io.PrintWriter;
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

/** {@code gitops-bridge run}: runs a Task or Pipeline from YAML as Pods, with live logs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run a tekton.dev/v1 Task, Pipeline, TaskRun or PipelineRun as Pods, streaming each step's log;"
                + " exit 1 if it fails. With --dry-run, print the Pods instead (no cluster needed).")
final class RunCommand implements Callable<Integer> {
    private static final KubernetesSerialization KUBE = new KubernetesSerialization();

    @Parameters(index = "0", paramLabel = "FILE", description = "Task, Pipeline, TaskRun or PipelineRun YAML; a TaskRun or"
            + " PipelineRun may share the file with what it runs.")
    Path file;

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE",
            description = "A param (over a run document's); arrays as a,b,c and objects as k:v,k2:v2, as the declaration's"
                    + " type says.")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = {"-w", "--workspace"}, paramLabel = "NAME=BINDING",
            description = "emptyDir, pvc:CLAIM, secret:NAME or configmap:NAME; for a Pipeline also claim:SIZE (a new"
                    + " PersistentVolumeClaim for the run).")
    Map<String, String> workspaces = new LinkedHashMap<>();

    @Option(names = "--tasks", paramLabel = "DIR", description = "Where taskRefs are found (<name>.yaml or the catalog layout).")
    Path tasksDir;

    @Option(names = "--timeout", description = "Limit of each task attempt (default: a TaskRun's timeout, else 1h).")
    String timeout;

    @Option(names = "--dry-run", description = "Print the Pod(s) the run would create, as YAML, in schedule order;"
            + " connect to no cluster.")
    boolean dryRun;

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
        TaskResolver resolver = tasksDir == null ? TaskResolver.NONE : TaskResolver.directory(tasksDir);
        TaskResolver.Files pipelines = tasksDir == null ? TaskResolver.NO_FILES : TaskResolver.directoryFiles(tasksDir);
        RunFile runFile = RunFile.parse(file.toString(), Files.readString(file), resolver, pipelines);
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        RunOptions runOptions = RunOptions.DEFAULT.withRetries(retries)
                .withRetention(keepPods ? Retention.KEEP_ALL : Retention.KEEP_FAILED);
        Map<String, WorkspaceSpec> bound = new LinkedHashMap<>();
        workspaces.forEach((name, binding) -> bound.put(name, WorkspaceSpec.parse(name, binding)));
        PodTemplate template = new PodTemplate(Map.of(), List.of(), null, null, serviceAccount, List.of(), null, null);
        PipelineOptions options = new PipelineOptions(maxParallel, failFast, runOptions);
        if (dryRun) {
            LaunchRequest request = runFile.request(clusterOptions.namespace, "default", params, bound, template,
                    timeout == null ? null : GoDuration.parse(timeout), options);
            for (Pod pod : Launcher.dryRun(request, PodOptions.forCluster(helperImage, "v1.31.0"))) {
                out.print("---\n" + Trees.yaml(KUBE.convertValue(pod, Map.class)));
            }
            out.flush();
            return 0;
        }
        LogSink sink = LogSink.printing(out::println, err::println);
        try (Cluster cluster = ClusterConnector.connect(clusterOptions.connection())) {
            PodOptions podOptions = PodOptions.forCluster(helperImage, cluster.verify().gitVersion());
            LaunchRequest request = runFile.request(clusterOptions.namespace, cluster.namespace(), params, bound, template,
                    timeout == null ? null : GoDuration.parse(timeout), options);
            try (Launcher launcher = new Launcher(cluster.client(), podOptions)) {
                Launch launch = launcher.start(request, sink);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> launch.cancel("interrupted")));
                Outcome outcome = launch.outcome().get();
                outcome.results().forEach((k, v) -> out.println("result " + k + " = " + v));
                err.println(outcome.message());
                return outcome.succeeded() ? 0 : 1;
            }
        }
    }
}
