package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.gitopsbridge.tekton.ResolvedParams;
import io.gitopsbridge.tekton.Substitution;
import io.gitopsbridge.tekton.TaskSubstitution;
import io.gitopsbridge.tekton.ResultDeclaration;
import io.gitopsbridge.tekton.StepActions;
import io.gitopsbridge.tekton.StepSpec;
import io.gitopsbridge.tekton.TaskSpec;
import io.gitopsbridge.tekton.WorkspaceDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the Pod for one attempt of a Task run.
 *
 * <p>Steps become init containers named {@code step-<name>}, so the kubelet runs them one at a time in order and
 * stops at the first failure, with each image's own ENTRYPOINT (shell-less images such as Kaniko's executor work).
 * Sidecars become native sidecars placed before the steps. A Task with results, or with {@code onError: continue}
 * steps, ends with a small container that packs {@code /tekton/results} and the continued steps' exit codes into its
 * termination message ({@link TerminationMessage}); otherwise the last step is the Pod's container.
 */
public final class PodBuilder {
    public static final String MANAGED_BY = "app.kubernetes.io/managed-by";
    public static final String LABEL_RUN = "gitops-bridge.io/run";
    public static final String LABEL_TASK = "gitops-bridge.io/task";
    public static final String LABEL_ATTEMPT = "gitops-bridge.io/attempt";
    public static final String RESULTS_CONTAINER = "gitops-bridge-results";
    public static final String STEP_PREFIX = "step-";
    static final String RESULTS_DIR = "/tekton/results";
    static final String STEPS_DIR = "/tekton/steps";
    static final String SCRIPTS_DIR = "/tekton/scripts";
    /** {@code $(credentials.path)}: an empty directory, as Tekton's creds-init is not run. */
    static final String CREDS_DIR = "/tekton/creds";
    /** Kubernetes keeps at most this many bytes of a container's termination message. */
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private final PodOptions options;

    public PodBuilder(PodOptions options) {
        this.options = options;
    }

    /**
     * @param attempt 0 for the first attempt, then 1, 2, … for retries
     * @param runUid a stable identifier of the run, for {@code $(context.taskRun.uid)}
     * @throws IllegalArgumentException when params or workspaces do not fit the Task, sidecars need a newer cluster,
     *     or the cluster's policy does not allow the Pod
     */
    public Pod build(TaskRunRequest request, int attempt, String runUid) {
        String taskName = request.task().name();
        TaskSpec declared = request.task().spec();
        if (!declared.sidecars().isEmpty() && !options.nativeSidecars()) {
            throw new IllegalArgumentException("Task '" + taskName + "' has sidecars, which need Kubernetes 1.29 or"
                    + " newer (native sidecar containers); the cluster runs " + options.clusterVersion());
        }
        TaskSpec spec = substitute(request, withBoundWorkspaces(declared, request.workspaces().keySet()), attempt, runUid);

        List<Volume> volumes = new ArrayList<>(internalVolumes());
        List<VolumeMount> mounts = new ArrayList<>(internalMounts());
        for (WorkspaceDeclaration ws : spec.workspaces()) {
            WorkspaceBinding binding = request.workspaces().get(ws.name());
            if (binding == null && !ws.optional()) {
                throw new IllegalArgumentException("Task '" + taskName + "' needs workspace '" + ws.name() + "'"
                        + (ws.node() == null ? "" : " (declared at " + ws.node().file() + ":" + ws.node().line() + ")"));
            }
            if (binding != null) {
                volumes.add(binding.volume(volumeName(ws)));
                mounts.add(new VolumeMountBuilder().withName(volumeName(ws)).withMountPath(ws.mountPath())
                        .withReadOnly(ws.readOnly() ? Boolean.TRUE : null).withSubPath(binding.subPath()).build());
            }
        }
        volumes.addAll(spec.volumes());

        Scripts scripts = new Scripts(request.podName(attempt));
        List<Container> sidecars = new ArrayList<>();
        for (int i = 0; i < spec.sidecars().size(); i++) {
            StepSpec sidecar = spec.sidecars().get(i);
            Container c = container("sidecar-" + sidecar.name(), sidecar, mounts, false,
                    sidecar.script() == null ? null : scripts.add("sidecar-script-" + i, sidecar.script()));
            c.setRestartPolicy("Always");
            if (c.getStartupProbe() == null && c.getReadinessProbe() != null) {
                // Tekton starts the first step once sidecars are ready; the kubelet holds the next init container
                // only until a native sidecar has started, so its readiness check must also be its startup check.
                // A startup probe that keeps failing restarts the container, where Tekton just waits: allow failures
                // for as long as the Task may run.
                io.fabric8.kubernetes.api.model.Probe startup = new io.fabric8.kubernetes.api.model.ProbeBuilder(c.getReadinessProbe()).build();
                long period = startup.getPeriodSeconds() == null ? 10 : Math.max(1, startup.getPeriodSeconds());
                long limit = request.timeout().isZero() ? TaskRunRequest.DEFAULT_TIMEOUT.toSeconds() : request.timeout().toSeconds();
                int failures = (int) Math.min(Integer.MAX_VALUE, Math.max(startup.getFailureThreshold() == null ? 3
                        : startup.getFailureThreshold(), (limit + period - 1) / period));
                startup.setFailureThreshold(failures);
                startup.setSuccessThreshold(1);
                c.setStartupProbe(startup);
            }
            sidecars.add(c);
        }
        List<Container> steps = new ArrayList<>();
        for (int i = 0; i < spec.steps().size(); i++) {
            StepSpec step = spec.steps().get(i);
            steps.add(container(STEP_PREFIX + step.name(), step, mounts, true,
                    step.script() == null ? null : scripts.add("script-" + i, step.script())));
        }
        List<Container> inits = new ArrayList<>();
        if (!scripts.isEmpty()) {
            inits.add(scripts.container(options.helperImage()));
        }
        inits.addAll(sidecars);
        boolean collect = !spec.results().isEmpty()
                || spec.steps().stream().anyMatch(s -> s.onError() == StepSpec.OnError.CONTINUE);
        List<Container> containers = new ArrayList<>();
        if (collect) {
            inits.addAll(steps);
            containers.add(resultsContainer(mounts));
        } else {
            inits.addAll(steps.subList(0, steps.size() - 1));
            containers.add(steps.get(steps.size() - 1));
        }

        Map<String, String> labels = new LinkedHashMap<>(request.labels());
        labels.put(MANAGED_BY, "gitops-bridge");
        labels.put(LABEL_RUN, request.runName());
        labels.put(LABEL_TASK, taskName);
        labels.put(LABEL_ATTEMPT, String.valueOf(attempt));
        PodTemplate t = request.podTemplate();
        PodSpecBuilder pod = new PodSpecBuilder()
                .withRestartPolicy("Never")
                .withInitContainers(inits)
                .withContainers(containers)
                .withVolumes(volumes)
                .withNodeSelector(t.nodeSelector().isEmpty() ? null : t.nodeSelector())
                .withTolerations(t.tolerations())
                .withAffinity(t.affinity())
                .withSecurityContext(t.securityContext())
                .withServiceAccountName(t.serviceAccountName())
                .withImagePullSecrets(t.imagePullSecrets().stream().map(LocalObjectReference::new).toList())
                .withRuntimeClassName(t.runtimeClassName())
                .withPriorityClassName(t.priorityClassName());
        if (!request.timeout().isZero()) {
            // The runner enforces the timeout itself; the kubelet's deadline is the backstop if the runner is gone,
            // set later (as Tekton does) so the runner's own report comes first.
            pod.withActiveDeadlineSeconds((long) Math.ceil(request.timeout().toSeconds() * 1.5));
        }
        Pod built = new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(request.podName(attempt))
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(request.annotations())
                .endMetadata()
                .withSpec(pod.build())
                .build();
        options.policy().check(built);
        return built;
    }

    /**
     * Tekton's substitution passes, in the TaskRun reconciler's order: params, context, results, step exit codes,
     * workspaces, credentials. Each pass sees what earlier ones inserted, so a param default may hold
     * {@code $(workspaces.x.path)}.
     */
    private static TaskSpec substitute(TaskRunRequest request, TaskSpec spec, int attempt, String runUid) {
        ResolvedParams params = ResolvedParams.resolve(request.task().name(), spec, request.params());
        // StepActions first: their own params are substituted in their fields before the Task's pass runs.
        spec = StepActions.expand(spec, params.values());
        checkIndexes(spec, params.values());
        spec = TaskSubstitution.apply(spec, Substitution.params(params.values()));
        spec = TaskSubstitution.apply(spec, Substitution.of(Map.of(
                "context.taskRun.name", request.runName(),
                "context.taskRun.namespace", request.namespace(),
                "context.taskRun.uid", runUid,
                "context.task.name", request.task().name(),
                "context.task.retry-count", String.valueOf(attempt))));
        Map<String, String> results = new LinkedHashMap<>();
        for (ResultDeclaration r : spec.results()) {
            for (String key : Substitution.keys("results", r.name())) {
                results.put(key + ".path", RESULTS_DIR + "/" + r.name());
            }
        }
        spec = TaskSubstitution.apply(spec, Substitution.of(results));
        Map<String, String> exitCodes = new LinkedHashMap<>();
        for (StepSpec s : spec.steps()) {
            exitCodes.put("steps." + STEP_PREFIX + s.name() + ".exitCode.path", STEPS_DIR + "/" + STEP_PREFIX + s.name() + "/exitCode");
        }
        spec = TaskSubstitution.apply(spec, Substitution.of(exitCodes));
        Map<String, String> workspaces = new LinkedHashMap<>();
        for (WorkspaceDeclaration ws : spec.workspaces()) {
            String prefix = "workspaces." + ws.name() + ".";
            WorkspaceBinding binding = request.workspaces().get(ws.name());
            workspaces.put(prefix + "bound", String.valueOf(binding != null));
            workspaces.put(prefix + "path", binding == null ? "" : ws.mountPath());
            if (binding != null) {
                workspaces.put(prefix + "claim", binding.claim());
                workspaces.put(prefix + "volume", volumeName(ws));
            }
        }
        spec = TaskSubstitution.apply(spec, Substitution.of(workspaces));
        return TaskSubstitution.apply(spec, Substitution.of(Map.of("credentials.path", CREDS_DIR)));
    }

    /** {@code ValidateParamArrayIndex}: an index past an array param's end fails the run (InvalidParamValue). */
    private static void checkIndexes(TaskSpec spec, Map<String, io.gitopsbridge.tekton.ParamValue> values) {
        List<StepSpec> all = new ArrayList<>(spec.steps());
        all.addAll(spec.sidecars());
        for (StepSpec s : all) {
            List<String> texts = new ArrayList<>(s.command());
            texts.addAll(s.args());
            s.env().forEach(e -> texts.add(e.getValue()));
            texts.add(s.script());
            texts.add(s.image());
            texts.add(s.workingDir());
            for (String text : texts) {
                for (io.gitopsbridge.tekton.References.Ref ref : io.gitopsbridge.tekton.References.find(text, "params")) {
                    java.util.regex.Matcher m = java.util.regex.Pattern.compile(".*\\[(\\d+)]$").matcher(ref.variable());
                    if (m.matches() && values.get(ref.name()) instanceof io.gitopsbridge.tekton.ParamValue.Array a
                            && Long.parseLong(m.group(1)) >= a.values().size()) {
                        throw new IllegalArgumentException("non-existent variable in \"" + ref.text() + "\": array param '"
                                + ref.name() + "' has " + a.values().size() + " elements (InvalidParamValue)");
                    }
                }
            }
        }
    }

    /** A TaskRun's workspaces that the Task does not declare are mounted at {@code /workspace/<name>}, as Tekton does. */
    private static TaskSpec withBoundWorkspaces(TaskSpec spec, java.util.Set<String> bound) {
        List<WorkspaceDeclaration> all = new ArrayList<>(spec.workspaces());
        for (String name : bound) {
            if (spec.workspace(name).isEmpty()) {
                all.add(new WorkspaceDeclaration(name, "/workspace/" + name, false, false, null, null));
            }
        }
        return all.size() == spec.workspaces().size() ? spec
                : new TaskSpec(spec.params(), spec.steps(), spec.sidecars(), all, spec.results(), spec.volumes(), spec.description());
    }

    private static String volumeName(WorkspaceDeclaration ws) {
        return "ws-" + ws.name();
    }

    private Container container(String name, StepSpec step, List<VolumeMount> internal, boolean isStep, String scriptFile) {
        ContainerBuilder c = new ContainerBuilder(step.passthrough() == null ? new Container() : step.passthrough())
                .withName(name)
                .withImage(step.image())
                .withImagePullPolicy(step.imagePullPolicy())
                .withResources(step.resources())
                .withSecurityContext(step.securityContext())
                .withTerminationMessagePolicy("FallbackToLogsOnError");
        String dir = step.workingDir();
        if (dir != null && !dir.isEmpty() && !dir.startsWith("/")) {
            dir = "/workspace/" + dir;
        }
        c.withWorkingDir(dir == null || dir.isEmpty() ? null : dir);
        boolean continueOnError = isStep && step.onError() == StepSpec.OnError.CONTINUE;
        // A script runs as Tekton runs it: as the step's command, with the step's args as its arguments.
        List<String> command = scriptFile != null ? List.of(scriptFile) : step.command();
        if (continueOnError) {
            if (command.isEmpty()) {
                throw new IllegalArgumentException("step '" + step.name() + "' has onError: continue but no command;"
                        + " GitOps Bridge runs it through /bin/sh and needs to know the program (the image's"
                        + " entrypoint is not known)");
            }
            List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", escape(continueWrapper(name)), name));
            wrapped.addAll(command);
            wrapped.addAll(step.args());
            c.withCommand(wrapped);
        } else {
            c.withCommand(command.isEmpty() ? null : command);
            c.withArgs(step.args().isEmpty() ? null : step.args());
        }
        c.withEnv(step.env());
        c.withEnvFrom(step.envFrom());
        List<VolumeMount> mounts = new ArrayList<>(internal);
        mounts.addAll(step.volumeMounts());
        c.withVolumeMounts(mounts);
        return c.build();
    }

    /** Runs {@code "$@"}, records its exit code and exits 0, so the next step runs. */
    private static String continueWrapper(String name) {
        return recordExit(name, "\"$@\"");
    }

    private static String recordExit(String name, String run) {
        String dir = STEPS_DIR + "/" + name;
        return run + "; rc=$?; mkdir -p " + dir + "; echo $rc > " + dir + "/exitCode; "
                + "if [ $rc -ne 0 ]; then echo \"" + name + " exited $rc; continuing (onError: continue)\" >&2; fi; exit 0";
    }

    private Container resultsContainer(List<VolumeMount> mounts) {
        return new ContainerBuilder()
                .withName(RESULTS_CONTAINER)
                .withImage(options.helperImage())
                .withCommand("/bin/sh", "-c", escape(TerminationMessage.packScript(RESULTS_DIR, STEPS_DIR, "/dev/termination-log")))
                .withVolumeMounts(mounts)
                .withTerminationMessagePolicy("File")
                .build();
    }

    /** Kubernetes expands {@code $(VAR)} and {@code $$} in command, args and env; our own texts must arrive as written. */
    static String escape(String s) {
        return s.replace("$", "$$");
    }

    private static List<Volume> internalVolumes() {
        return List.of(
                emptyDir("tekton-internal-workspace"),
                emptyDir("tekton-internal-home"),
                emptyDir("tekton-internal-results"),
                emptyDir("tekton-internal-steps"),
                emptyDir("tekton-internal-scripts"),
                emptyDir("tekton-creds"));
    }

    private static List<VolumeMount> internalMounts() {
        return List.of(
                mount("tekton-internal-workspace", "/workspace"),
                mount("tekton-internal-home", "/tekton/home"),
                mount("tekton-internal-results", RESULTS_DIR),
                mount("tekton-internal-steps", STEPS_DIR),
                mount("tekton-internal-scripts", SCRIPTS_DIR),
                mount("tekton-creds", CREDS_DIR));
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }
}
