package io.gitopsbridge.pod;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import io.gitopsbridge.tekton.ResolvedParams;
import io.gitopsbridge.tekton.ResultDeclaration;
import io.gitopsbridge.tekton.StepSpec;
import io.gitopsbridge.tekton.TaskSpec;
import io.gitopsbridge.tekton.WorkspaceDeclaration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

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
    /** Kubernetes keeps at most this many bytes of a container's termination message. */
    public static final int TERMINATION_MESSAGE_LIMIT = 4096;

    private static final Pattern SHELL = Pattern.compile("#!\\s*(/usr)?/bin/(env\\s+)?(sh|bash|ash|dash|ksh|zsh)\\b.*");

    private final PodOptions options;

    public PodBuilder(PodOptions options) {
        this.options = options;
    }

    /**
     * @param attempt 0 for the first attempt, then 1, 2, … for retries
     * @param runUid a stable identifier of the run, for {@code $(context.taskRun.uid)}
     * @throws IllegalArgumentException when params or workspaces do not fit the Task, or sidecars need a newer cluster
     */
    public Pod build(TaskRunRequest request, int attempt, String runUid) {
        TaskSpec spec = request.task().spec();
        String taskName = request.task().name();
        ResolvedParams params = ResolvedParams.resolve(taskName, spec, request.params());
        if (!spec.sidecars().isEmpty() && !options.nativeSidecars()) {
            throw new IllegalArgumentException("Task '" + taskName + "' has sidecars, which need Kubernetes 1.29 or"
                    + " newer (native sidecar containers); the cluster runs " + options.clusterVersion());
        }
        Variables vars = new Variables(params.values())
                .define("context.taskRun.name", request.runName())
                .define("context.taskRun.namespace", request.namespace())
                .define("context.taskRun.uid", runUid)
                .define("context.task.name", taskName)
                .define("context.task.retry-count", String.valueOf(attempt));
        for (ResultDeclaration r : spec.results()) {
            vars.define("results." + r.name() + ".path", RESULTS_DIR + "/" + r.name());
        }
        for (StepSpec s : spec.steps()) {
            vars.define("steps." + STEP_PREFIX + s.name() + ".exitCode.path", STEPS_DIR + "/" + STEP_PREFIX + s.name() + "/exitCode");
        }

        List<Volume> volumes = new ArrayList<>(internalVolumes());
        List<VolumeMount> mounts = new ArrayList<>(internalMounts());
        for (WorkspaceDeclaration ws : spec.workspaces()) {
            WorkspaceBinding binding = request.workspaces().get(ws.name());
            String volume = "ws-" + ws.name();
            if (binding == null && !ws.optional()) {
                throw new IllegalArgumentException("Task '" + taskName + "' needs workspace '" + ws.name() + "' (declared at "
                        + ws.node().file() + ":" + ws.node().line() + ")");
            }
            vars.define("workspaces." + ws.name() + ".bound", String.valueOf(binding != null));
            vars.define("workspaces." + ws.name() + ".path", binding == null ? "" : ws.mountPath());
            vars.define("workspaces." + ws.name() + ".claim", binding == null ? "" : binding.claim());
            vars.define("workspaces." + ws.name() + ".volume", binding == null ? "" : volume);
            if (binding != null) {
                volumes.add(binding.volume(volume));
                mounts.add(new VolumeMountBuilder().withName(volume).withMountPath(ws.mountPath())
                        .withReadOnly(ws.readOnly() ? Boolean.TRUE : null).withSubPath(binding.subPath()).build());
            }
        }
        for (String given : request.workspaces().keySet()) {
            if (spec.workspace(given).isEmpty()) {
                throw new IllegalArgumentException("Task '" + taskName + "' has no workspace '" + given + "'");
            }
        }
        for (Volume v : spec.volumes()) {
            volumes.add(v);
        }

        List<Container> inits = new ArrayList<>();
        for (StepSpec sidecar : spec.sidecars()) {
            Container c = container("sidecar-" + sidecar.name(), sidecar, vars, mounts, false);
            c.setRestartPolicy("Always");
            inits.add(c);
        }
        List<Container> steps = new ArrayList<>();
        for (StepSpec step : spec.steps()) {
            steps.add(container(STEP_PREFIX + step.name(), step, vars, mounts, true));
        }
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
        return new io.fabric8.kubernetes.api.model.PodBuilder()
                .withNewMetadata()
                .withName(request.podName(attempt))
                .withNamespace(request.namespace())
                .withLabels(labels)
                .withAnnotations(request.annotations())
                .endMetadata()
                .withSpec(pod.build())
                .build();
    }

    private Container container(String name, StepSpec step, Variables vars, List<VolumeMount> internal, boolean isStep) {
        Map<String, String> paramEnv = new LinkedHashMap<>();
        ContainerBuilder c = new ContainerBuilder()
                .withName(name)
                .withImage(vars.substitute(step.image(), false))
                .withImagePullPolicy(step.imagePullPolicy())
                .withResources(step.resources())
                .withSecurityContext(step.securityContext())
                .withTerminationMessagePolicy("FallbackToLogsOnError");
        String dir = step.workingDir() == null ? null : vars.substitute(step.workingDir(), false);
        if (dir != null && !dir.startsWith("/")) {
            dir = "/workspace/" + dir;
        }
        c.withWorkingDir(dir);
        boolean continueOnError = isStep && step.onError() == StepSpec.OnError.CONTINUE;
        if (step.script() != null) {
            String script = step.script();
            boolean shell = !script.startsWith("#!") || SHELL.matcher(script.lines().findFirst().orElse("")).matches();
            // Params reach shell scripts only as environment variables; other interpreters get Tekton's plain text.
            String text = shell ? vars.substituteShell(script, paramEnv) : vars.substitute(script, false);
            c.withCommand("/bin/sh", "-c", Variables.escape(scriptWrapper(name, continueOnError)), name);
            c.withArgs(Variables.escape(text));
        } else {
            List<String> command = vars.substituteArgs(step.command(), true);
            List<String> args = vars.substituteArgs(step.args(), true);
            if (continueOnError) {
                if (command.isEmpty()) {
                    throw new IllegalArgumentException("step '" + step.name() + "' has onError: continue but no command;"
                            + " GitOps Bridge runs it through /bin/sh and needs to know the program (the image's"
                            + " entrypoint is not known)");
                }
                List<String> wrapped = new ArrayList<>(List.of("/bin/sh", "-c", Variables.escape(continueWrapper(name)), name));
                wrapped.addAll(command);
                wrapped.addAll(args);
                c.withCommand(wrapped);
            } else {
                c.withCommand(command.isEmpty() ? null : command);
                c.withArgs(args.isEmpty() ? null : args);
            }
        }
        List<EnvVar> env = new ArrayList<>();
        for (EnvVar e : step.env()) {
            env.add(e.getValue() == null
                    ? e
                    : new EnvVarBuilder(e).withValue(vars.substitute(e.getValue(), true)).build());
        }
        paramEnv.forEach((k, v) -> env.add(new EnvVar(k, Variables.escape(v), null)));
        c.withEnv(env);
        c.withEnvFrom(step.envFrom());
        List<VolumeMount> mounts = new ArrayList<>(internal);
        mounts.addAll(step.volumeMounts());
        c.withVolumeMounts(mounts);
        return c.build();
    }

    /**
     * Writes the script (from {@code $1}) to a file and runs it: by its shebang if it has one, else with
     * {@code sh -e}, as Tekton does. {@code $0} is the container's name.
     */
    private static String scriptWrapper(String name, boolean continueOnError) {
        String write = "f=" + SCRIPTS_DIR + "/" + name + "; printf '%s' \"$1\" > \"$f\"; chmod +x \"$f\"; ";
        if (continueOnError) {
            return write + recordExit(name, "case \"$1\" in '#!'*) \"$f\" ;; *) /bin/sh -e \"$f\" ;; esac");
        }
        return "set -e; " + write + "case \"$1\" in '#!'*) exec \"$f\" ;; *) exec /bin/sh -e \"$f\" ;; esac";
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
                .withCommand("/bin/sh", "-c", Variables.escape(TerminationMessage.packScript(RESULTS_DIR, STEPS_DIR, "/dev/termination-log")))
                .withVolumeMounts(mounts)
                .withTerminationMessagePolicy("File")
                .build();
    }

    private static List<Volume> internalVolumes() {
        return List.of(
                emptyDir("tekton-internal-workspace"),
                emptyDir("tekton-internal-home"),
                emptyDir("tekton-internal-results"),
                emptyDir("tekton-internal-steps"),
                emptyDir("tekton-internal-scripts"));
    }

    private static List<VolumeMount> internalMounts() {
        return List.of(
                mount("tekton-internal-workspace", "/workspace"),
                mount("tekton-internal-home", "/tekton/home"),
                mount("tekton-internal-results", RESULTS_DIR),
                mount("tekton-internal-steps", STEPS_DIR),
                mount("tekton-internal-scripts", SCRIPTS_DIR));
    }

    private static Volume emptyDir(String name) {
        return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
    }

    private static VolumeMount mount(String name, String path) {
        return new VolumeMountBuilder().withName(name).withMountPath(path).build();
    }
}
