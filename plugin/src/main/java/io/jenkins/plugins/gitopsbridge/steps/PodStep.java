package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.LaunchRequest;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.launch.Params;
import io.gitopsbridge.launch.WorkspaceSpec;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.pod.PodTemplate;
import io.gitopsbridge.source.GitCredentials;
import io.gitopsbridge.source.GitSource;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Resume;
import io.gitopsbridge.taskrun.Retention;
import io.gitopsbridge.taskrun.RunOptions;
import io.gitopsbridge.tekton.GoDuration;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * What every Task Pod step shares: the cluster, namespace, limits, Pod retention and an optional Git source.
 * Arguments are checked when the step runs, so a bad one fails the step before anything is created. Serializable:
 * after a Jenkins restart the execution plans the same run again to follow its Pods.
 */
public abstract class PodStep extends Step implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final List<String> KEEP_PODS = List.of("failed", "all", "none");

    private String cluster;
    private String namespace;
    private String timeout;
    private int retries;
    private String keepPods;
    private String serviceAccount;
    private String gitUrl;
    private String gitCommit;
    private String gitCredentialsId;
    private String kubeconfigCredentialsId;

    /** Turns the arguments into a run; reads files and credentials through {@code env} only. */
    abstract Plan plan(StepEnvironment env);

    @Override
    public StepExecution start(StepContext context) throws Exception {
        return new PodStepExecution(this, context);
    }

    public String getCluster() {
        return cluster;
    }

    /**
     * A kubeconfig credential the build may use (a folder's own), instead of a cluster from the global
     * configuration: teams can bring a cluster without an administrator defining it.
     */
    public String getKubeconfigCredentialsId() {
        return kubeconfigCredentialsId;
    }

    @DataBoundSetter
    public void setKubeconfigCredentialsId(String kubeconfigCredentialsId) {
        this.kubeconfigCredentialsId = blankToNull(kubeconfigCredentialsId);
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = blankToNull(cluster);
    }

    public String getNamespace() {
        return namespace;
    }

    @DataBoundSetter
    public void setNamespace(String namespace) {
        this.namespace = blankToNull(namespace);
    }

    public String getTimeout() {
        return timeout;
    }

    /** Checked when the step runs ({@link #validate}): Stapler would swallow a setter's exception. */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = blankToNull(timeout);
    }

    public int getRetries() {
        return retries;
    }

    @DataBoundSetter
    public void setRetries(int retries) {
        this.retries = retries;
    }

    public String getKeepPods() {
        return keepPods;
    }

    @DataBoundSetter
    public void setKeepPods(String keepPods) {
        this.keepPods = blankToNull(keepPods);
    }

    /**
     * The step's arguments checked, before anything is created; the message names the argument.
     *
     * @throws IllegalArgumentException for a value the step cannot run with
     */
    void validate() {
        if (timeout != null) {
            try {
                GoDuration.parse(timeout);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("timeout: " + e.getMessage(), e);
            }
        }
        if (retries < 0) {
            throw new IllegalArgumentException("retries must be 0 or more, not " + retries);
        }
        if (keepPods != null && !KEEP_PODS.contains(keepPods)) {
            throw new IllegalArgumentException("keepPods must be one of " + String.join(", ", KEEP_PODS) + ", not '"
                    + keepPods + "'");
        }
    }

    public String getServiceAccount() {
        return serviceAccount;
    }

    @DataBoundSetter
    public void setServiceAccount(String serviceAccount) {
        this.serviceAccount = blankToNull(serviceAccount);
    }

    public String getGitUrl() {
        return gitUrl;
    }

    @DataBoundSetter
    public void setGitUrl(String gitUrl) {
        this.gitUrl = blankToNull(gitUrl);
    }

    public String getGitCommit() {
        return gitCommit;
    }

    @DataBoundSetter
    public void setGitCommit(String gitCommit) {
        this.gitCommit = blankToNull(gitCommit);
    }

    public String getGitCredentialsId() {
        return gitCredentialsId;
    }

    @DataBoundSetter
    public void setGitCredentialsId(String gitCredentialsId) {
        this.gitCredentialsId = blankToNull(gitCredentialsId);
    }

    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }

    Duration timeoutOrDefault() {
        return timeout == null ? io.gitopsbridge.pod.TaskRunRequest.DEFAULT_TIMEOUT : GoDuration.parse(timeout);
    }

    RunOptions runOptions() {
        Retention retention = switch (keepPods == null ? "failed" : keepPods) {
            case "all" -> Retention.KEEP_ALL;
            case "none" -> Retention.KEEP_NONE;
            default -> Retention.KEEP_FAILED;
        };
        return RunOptions.DEFAULT.withRetries(retries).withRetention(retention);
    }

    PodTemplate podTemplate() {
        return new PodTemplate(Map.of(), List.of(), null, null, serviceAccount, List.of(), null, null);
    }

    /**
     * The Git checkout to start from, or {@code null} when {@code gitUrl} is not set.
     *
     * @throws IllegalArgumentException if {@code gitUrl} is set without {@code gitCommit}, or the reverse
     */
    GitSource source(StepEnvironment env) {
        if (gitUrl == null && gitCommit == null) {
            if (gitCredentialsId != null) {
                throw new IllegalArgumentException("gitCredentialsId is set but gitUrl is not");
            }
            return null;
        }
        if (gitUrl == null || gitCommit == null) {
            throw new IllegalArgumentException("gitUrl and gitCommit go together: the commit is the full SHA to build,"
                    + " such as checkout(scm).GIT_COMMIT");
        }
        GitCredentials credentials = null;
        if (gitCredentialsId != null) {
            CredentialsLookup.UserPass userPass = env.credentials().usernamePassword(gitCredentialsId);
            credentials = new GitCredentials.UsernamePassword(userPass.username(), userPass.password());
        }
        return new GitSource(gitUrl, gitCommit, credentials, env.images().requireGit());
    }

    /** A plan that runs a Task or Pipeline and returns its results as a map. */
    Plan launching(RunFile file, Map<String, ?> params, Map<String, String> workspaces, PipelineOptions options,
            StepEnvironment env) {
        Map<String, WorkspaceSpec> bound = new LinkedHashMap<>();
        (workspaces == null ? Map.<String, String>of() : workspaces)
                .forEach((name, spec) -> bound.put(name, WorkspaceSpec.parse(name, spec)));
        GitSource source = source(env);
        Duration limit = timeout == null ? null : GoDuration.parse(timeout);
        // One name for every namespace the plan may be started in, so a retried start keeps it.
        String runName = file.settings().runName(file.definition().name());
        // In Jenkins the namespace is the step's or the cluster's, as the administrator configured it; a run
        // document naming another is refused rather than followed.
        Function<String, LaunchRequest> request = ns -> {
            String wanted = file.settings().namespace();
            if (wanted != null && !wanted.equals(ns)) {
                throw new IllegalArgumentException("the run document's metadata.namespace is '" + wanted + "', but this"
                        + " step runs in '" + ns + "' (the step's namespace or the cluster's): set namespace: '" + wanted
                        + "' on the step, or remove metadata.namespace");
            }
            return file.request(ns, ns, params == null ? Map.of() : params, bound, podTemplate(), limit, options)
                    .withRunName(runName).withSource(source);
        };
        return new Plan() {
            @Override
            public Launch start(Launcher launcher, String ns, Map<String, String> labels, Map<String, String> annotations,
                    LogSink sink, Resume resume) {
                LaunchRequest r = request.apply(ns);
                Map<String, String> allLabels = new LinkedHashMap<>(r.labels());
                allLabels.putAll(labels);
                Map<String, String> allAnnotations = new LinkedHashMap<>(r.annotations());
                allAnnotations.putAll(annotations);
                LaunchRequest labelled = r.withMetadata(allLabels, allAnnotations);
                return resume == null ? launcher.start(labelled, sink) : launcher.resume(labelled, sink, resume);
            }

            @Override
            public boolean resumable() {
                return file.definition() instanceof io.gitopsbridge.launch.Definition.OfTask;
            }

            @Override
            public Object result(Outcome outcome) throws StepFailedException {
                return results(outcome);
            }
        };
    }

    /** A succeeded run's results in name order, as a map a Pipeline script can keep; else the failure. */
    static Map<String, String> results(Outcome outcome) throws StepFailedException {
        if (!outcome.succeeded()) {
            throw new StepFailedException(outcome.message());
        }
        return new LinkedHashMap<>(new TreeMap<>(outcome.results()));
    }

    /** Options of a run whose retries come from the step. */
    PipelineOptions options() {
        return PipelineOptions.DEFAULT.withTaskOptions(runOptions());
    }
}
