package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Item;
import hudson.util.ListBoxModel;
import io.gitopsbridge.kaniko.KanikoBuild;
import io.gitopsbridge.launch.Launch;
import io.gitopsbridge.launch.LaunchRequest;
import io.gitopsbridge.launch.Launcher;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.launch.WorkspaceSpec;
import io.gitopsbridge.pod.TaskRunRequest;
import io.gitopsbridge.source.GitSource;
import io.gitopsbridge.taskrun.LogSink;
import io.gitopsbridge.taskrun.Resume;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.AncestorInPath;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;
import org.kohsuke.stapler.verb.POST;

/**
 * {@code kanikoBuild}: builds an image with Kaniko in a Task Pod and pushes it; returns {@code digest} and
 * {@code imageReference} ({@code repository@sha256:…}). The build context comes from a Git checkout
 * ({@code gitUrl}, {@code gitCommit}) or a workspace binding ({@code sourceWorkspace}).
 */
public class KanikoBuildStep extends PodStep {
    private final String destination;
    private String context;
    private String dockerfile;
    private List<NameValue> buildArgs;
    private String target;
    private boolean cache;
    private String cacheRepo;
    private String insecureRegistries;
    private String credentialsId;
    private String sourceWorkspace;

    /**
     * @param destination one or more image references, separated by commas or white space; the first names the
     *     returned {@code imageReference}
     */
    @DataBoundConstructor
    public KanikoBuildStep(String destination) {
        // Checked when the step runs: a constructor that throws makes the Snippet Generator answer HTTP 500.
        this.destination = destination == null ? null : destination.trim();
    }

    @Override
    void validate() {
        super.validate();
        if (destination == null || destination.isEmpty()) {
            throw new IllegalArgumentException("kanikoBuild needs a destination, such as registry.example.com/team/app:1.4.0");
        }
    }

    public String getDestination() {
        return destination;
    }

    public String getContext() {
        return context;
    }

    @DataBoundSetter
    public void setContext(String context) {
        this.context = blankToNull(context);
    }

    public String getDockerfile() {
        return dockerfile;
    }

    @DataBoundSetter
    public void setDockerfile(String dockerfile) {
        this.dockerfile = blankToNull(dockerfile);
    }

    public List<NameValue> getBuildArgs() {
        return buildArgs;
    }

    @DataBoundSetter
    public void setBuildArgs(List<NameValue> buildArgs) {
        this.buildArgs = buildArgs == null || buildArgs.isEmpty() ? null : new java.util.ArrayList<>(buildArgs);
    }

    public String getTarget() {
        return target;
    }

    @DataBoundSetter
    public void setTarget(String target) {
        this.target = blankToNull(target);
    }

    public boolean isCache() {
        return cache;
    }

    @DataBoundSetter
    public void setCache(boolean cache) {
        this.cache = cache;
    }

    public String getCacheRepo() {
        return cacheRepo;
    }

    @DataBoundSetter
    public void setCacheRepo(String cacheRepo) {
        this.cacheRepo = blankToNull(cacheRepo);
    }

    public String getInsecureRegistries() {
        return insecureRegistries;
    }

    @DataBoundSetter
    public void setInsecureRegistries(String insecureRegistries) {
        this.insecureRegistries = blankToNull(insecureRegistries);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = blankToNull(credentialsId);
    }

    public String getSourceWorkspace() {
        return sourceWorkspace;
    }

    @DataBoundSetter
    public void setSourceWorkspace(String sourceWorkspace) {
        this.sourceWorkspace = blankToNull(sourceWorkspace);
    }

    static List<String> split(String text) {
        return text == null ? List.of() : Arrays.stream(text.split("[,\\s]+")).filter(s -> !s.isEmpty()).toList();
    }

    /** The registry host of an image reference; Docker Hub when the first part is not a host. */
    static String registry(String image) {
        int slash = image.indexOf('/');
        String first = slash < 0 ? "" : image.substring(0, slash);
        return first.contains(".") || first.contains(":") || first.equals("localhost") ? first : "docker.io";
    }

    @Override
    Plan plan(StepEnvironment env) {
        if (env.images().kaniko() == null) {
            throw new IllegalArgumentException("No Kaniko executor image is configured: set one in Manage Jenkins ›"
                    + " System › GitOps Bridge (the upstream project is archived and publishes no images; use a"
                    + " maintained fork's or your own)");
        }
        List<String> destinations = split(destination);
        Map<String, KanikoBuild.RegistryCredentials> credentials = Map.of();
        if (credentialsId != null) {
            CredentialsLookup.UserPass userPass = env.credentials().usernamePassword(credentialsId);
            credentials = Map.of(registry(destinations.get(0)),
                    new KanikoBuild.RegistryCredentials(userPass.username(), userPass.password()));
        }
        KanikoBuild build = new KanikoBuild(env.images().kaniko(), context, dockerfile, destinations,
                NameValue.toMap(buildArgs), target, cache, cacheRepo, split(insecureRegistries),
                credentials, List.of());
        GitSource source = source(env);
        if ((source == null) == (sourceWorkspace == null)) {
            throw new IllegalArgumentException("kanikoBuild needs its build context from one place: gitUrl and gitCommit"
                    + " (cloned into the Pod), or sourceWorkspace (such as pvc:build-cache)");
        }
        WorkspaceSpec.Bound bound = null;
        if (sourceWorkspace != null) {
            WorkspaceSpec spec = WorkspaceSpec.parse("source", sourceWorkspace);
            if (!(spec instanceof WorkspaceSpec.Bound b)) {
                throw new IllegalArgumentException("sourceWorkspace must be an existing volume (pvc:CLAIM, emptyDir,"
                        + " secret:NAME or configmap:NAME), not " + sourceWorkspace);
            }
            bound = b;
        }
        WorkspaceSpec.Bound context = bound;
        String runName = LaunchRequest.runName("kaniko-build");
        return new Plan() {
            @Override
            public Launch start(Launcher launcher, String namespace, Map<String, String> labels,
                    Map<String, String> annotations, LogSink sink, Resume resume) {
                TaskRunRequest request = build.request(resume == null ? runName : resume.runName(), namespace);
                request = context != null
                        ? request.extend(request.task(), Map.of("source", context.binding()), List.of())
                        : source.prepend(request);
                request = request.withTimeout(timeoutOrDefault()).withPodTemplate(podTemplate())
                        .withMetadata(labels, annotations);
                return resume == null ? launcher.start(request, runOptions(), sink)
                        : launcher.resume(request, runOptions(), sink, resume);
            }

            @Override
            public Object result(Outcome outcome) throws StepFailedException {
                if (!outcome.succeeded()) {
                    throw new StepFailedException(outcome.message());
                }
                try {
                    KanikoBuild.Result result = build.result(outcome);
                    Map<String, String> map = new LinkedHashMap<>();
                    map.put("digest", result.digest());
                    map.put("imageReference", result.imageReference());
                    return map;
                } catch (IllegalStateException e) {
                    throw new StepFailedException(e.getMessage());
                }
            }
        };
    }

    @Extension
    @Symbol("kanikoBuild")
    public static class DescriptorImpl extends PodStepDescriptor {
        @Override
        public String getFunctionName() {
            return "kanikoBuild";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Build an image with Kaniko in a Task Pod";
        }

        @POST
        public ListBoxModel doFillCredentialsIdItems(@AncestorInPath Item item, @QueryParameter String credentialsId) {
            return usernamePasswordItems(item, credentialsId);
        }
    }
}
