package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.gitopsbridge.jenkinsfile.BuildContext;
import io.gitopsbridge.jenkinsfile.Declarative;
import io.gitopsbridge.jenkinsfile.FileCollector;
import io.gitopsbridge.jenkinsfile.DeclarativeReader;
import io.gitopsbridge.jenkinsfile.JenkinsfileException;
import io.gitopsbridge.jenkinsfile.Report;
import io.gitopsbridge.jenkinsfile.Translator;
import io.gitopsbridge.launch.LaunchRequest;
import io.gitopsbridge.launch.Outcome;
import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.yaml.Trees;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code jenkinsfileStages}: translates a declarative Jenkinsfile for this build (its branch, change request,
 * parameters, credentials) and runs the stages as Task Pods, one Pod per stage, sharing one workspace claim. Fails
 * before anything starts, with the report of every construct it cannot translate.
 */
public class JenkinsfileStagesStep extends PodStep {
    private static final long serialVersionUID = 1L;
    static final String DEFAULT_FILE = "Jenkinsfile";
    /** The most one step may send back (base64 in its log). */
    private static final long MAX_FILES = 64L << 20;
    private String file;
    private String text;
    private List<String> stages;
    private String agentImage;
    private List<NameValue> labelImages;
    private List<NameValue> toolImages;

    @DataBoundConstructor
    public JenkinsfileStagesStep() {}

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = blankToNull(file);
    }

    public String getText() {
        return text;
    }

    @DataBoundSetter
    public void setText(String text) {
        this.text = text == null || text.isBlank() ? null : text;
    }

    public List<String> getStages() {
        return stages;
    }

    @DataBoundSetter
    public void setStages(List<String> stages) {
        this.stages = stages == null || stages.isEmpty() ? null : new ArrayList<>(stages);
    }

    public String getAgentImage() {
        return agentImage;
    }

    @DataBoundSetter
    public void setAgentImage(String agentImage) {
        this.agentImage = blankToNull(agentImage);
    }

    public List<NameValue> getLabelImages() {
        return labelImages;
    }

    @DataBoundSetter
    public void setLabelImages(List<NameValue> labelImages) {
        this.labelImages = labelImages == null || labelImages.isEmpty() ? null : new ArrayList<>(labelImages);
    }

    public List<NameValue> getToolImages() {
        return toolImages;
    }

    @DataBoundSetter
    public void setToolImages(List<NameValue> toolImages) {
        this.toolImages = toolImages == null || toolImages.isEmpty() ? null : new ArrayList<>(toolImages);
    }

    @Override
    Plan plan(StepEnvironment env) {
        if (file != null && text != null) {
            throw new IllegalArgumentException("jenkinsfileStages takes file (a path in the workspace) or text, not both");
        }
        if (getGitUrl() != null && getGitCommit() == null || getGitUrl() == null && getGitCommit() != null) {
            throw new IllegalArgumentException("gitUrl and gitCommit go together: the repository and the full commit"
                    + " that checkout scm takes");
        }
        if (getGitCredentialsId() != null) {
            throw new IllegalArgumentException("gitCredentialsId: the checkout of a private repository in translated stages"
                    + " is not supported yet; the translation fetches gitUrl without credentials");
        }
        String name = text != null ? "Jenkinsfile text" : file != null ? file : DEFAULT_FILE;
        TaskResolver.Files workspace = text == null ? env.requireWorkspace("file") : env.workspace();
        String source = text != null ? text : read(workspace, name);
        Declarative.Jenkinsfile parsed;
        try {
            parsed = DeclarativeReader.read(name, source);
        } catch (JenkinsfileException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        Map<String, String> buildEnv = buildVariables(env.buildEnv(), parsed.pipeline().parameters().stream()
                .map(d -> io.gitopsbridge.jenkinsfile.Expr.string(d.args().named().get("name"))).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.toSet()));
        String job = buildEnv.getOrDefault("JOB_BASE_NAME", "job");
        String runName = LaunchRequest.runName(Translator.dnsLabel(job));
        String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
        Translator.Settings settings = Translator.Settings.defaults(job).collecting().withAgentImage(agentImage)
                .withTools(NameValue.toMap(labelImages), NameValue.toMap(toolImages))
                .withOnly(stages == null ? java.util.Set.of() : new LinkedHashSet<>(stages))
                .withCredentialsSecret(runName + "-credentials")
                .withFiles(path -> workspace == null ? null : readOrNull(workspace, dir + path));
        if (env.images().git() != null) {
            settings = settings.withGitImage(env.images().git());
        }
        BuildContext context = new BuildContext(buildEnv, Map.of(), getGitUrl() != null ? getGitUrl() : buildEnv.get("GIT_URL"),
                getGitCommit() != null ? getGitCommit() : buildEnv.get("GIT_COMMIT"), env.credentials()::type);
        Translator.Result result = Translator.translate(parsed, context, settings);
        if (!result.report().translated()) {
            // One ERROR: line, every construct in it.
            throw new IllegalArgumentException(name + " cannot run as Task Pods; not translated: " + String.join("; ",
                    result.report().refused().stream().map(Report.Entry::toString).toList()));
        }
        if (!env.files().recordsTests()) {
            result.collected().stream().filter(c -> c.step().equals("junit")).findFirst().ifPresent(c -> {
                throw new IllegalArgumentException(name + " cannot run as Task Pods: junit at " + c.at() + " needs the JUnit"
                        + " plugin, which is not installed here");
            });
        }
        Map<Integer, Translator.Collected> collected = new LinkedHashMap<>();
        result.collected().forEach(c -> collected.put(c.id(), c));
        List<String> unrecorded = java.util.Collections.synchronizedList(new ArrayList<>());
        List<Secret> secrets = secrets(result, runName + "-credentials", env.credentials());
        RunFile runFile = RunFile.parse(name + " (translated)", Trees.yaml(result.pipelineRun()), TaskResolver.NONE,
                TaskResolver.NO_FILES);
        Map<String, String> stageOfTask = new LinkedHashMap<>();
        result.stages().forEach((stage, task) -> stageOfTask.put(task, stage));
        List<String> notes = result.report().lines();
        java.time.Duration limit = getTimeout() == null ? null : io.gitopsbridge.tekton.GoDuration.parse(getTimeout());
        return new Plan() {
            @Override
            public io.gitopsbridge.launch.Launch start(io.gitopsbridge.launch.Launcher launcher, String ns,
                    Map<String, String> labels, Map<String, String> annotations, io.gitopsbridge.taskrun.LogSink sink,
                    io.gitopsbridge.taskrun.Resume resume) {
                notes.forEach(sink::event);
                io.gitopsbridge.taskrun.LogSink collecting = new FileCollector(sink,
                        files -> keep(files, collected.get(files.id()), env.files(), sink, unrecorded),
                        MAX_FILES);
                LaunchRequest r = runFile.request(ns, ns, Map.of(), Map.of(), podTemplate(), limit, options())
                        .withRunName(runName).withSecrets(secrets);
                Map<String, String> allLabels = new LinkedHashMap<>(r.labels());
                allLabels.putAll(labels);
                Map<String, String> allAnnotations = new LinkedHashMap<>(r.annotations());
                allAnnotations.putAll(annotations);
                return launcher.start(r.withMetadata(allLabels, allAnnotations), collecting);
            }

            @Override
            public boolean resumable() {
                return false;
            }

            @Override
            public List<String> summary(Outcome outcome) {
                List<String> lines = new ArrayList<>();
                results(outcome).forEach((stage, result) -> lines.add("Stage '" + stage + "': " + result));
                return lines;
            }

            @Override
            public Object result(Outcome outcome) throws StepFailedException {
                if (!outcome.succeeded()) {
                    throw new StepFailedException(outcome.message());
                }
                if (!unrecorded.isEmpty()) {
                    // The junit step itself would have failed its stage.
                    throw new StepFailedException(String.join("; ", unrecorded));
                }
                return new LinkedHashMap<>(results(outcome));
            }

            /** Each stage's result in Jenkins' words, in the Jenkinsfile's order, the post actions last. */
            private Map<String, String> results(Outcome outcome) {
                Map<String, String> out = new LinkedHashMap<>();
                stageOfTask.forEach((task, stage) -> {
                    if (outcome.tasks().containsKey(task)) {
                        out.put(stage, jenkinsResult(outcome.tasks().get(task)));
                    }
                });
                outcome.tasks().forEach((task, status) -> {
                    if (!stageOfTask.containsKey(task)) {
                        out.put(task, jenkinsResult(status));
                    }
                });
                return out;
            }
        };
    }

    /**
     * Files a stage sent back: archived artifacts are kept in the build, JUnit reports recorded as its test results
     * with the step's options. What cannot be kept is logged and added to {@code failures}.
     */
    static void keep(FileCollector.Files files, Translator.Collected step, BuildFiles build,
            io.gitopsbridge.taskrun.LogSink sink, List<String> failures) {
        String where = "[" + files.task() + "] ";
        try {
            if (step == null || !step.step().equals(files.step())) {
                throw new java.io.IOException("the run sent files for a step the translation does not have");
            }
            if (files.step().equals("archiveArtifacts")) {
                build.archive(files.files());
                sink.event(where + "Archived " + files.files().size() + " artifact(s): " + String.join(", ",
                        files.files().keySet()));
            } else {
                BuildFiles.Tests tests = build.recordTests(files.files(), step.options());
                sink.event(where + "Recorded test results from " + files.files().size() + " report(s): " + tests.total()
                        + " tests, " + tests.failed() + " failed, " + tests.skipped() + " skipped");
            }
        } catch (java.io.IOException | RuntimeException e) {
            String message = files.step() + (step == null ? "" : " at " + step.at()) + " in " + files.task() + ": "
                    + e.getMessage();
            sink.event(where + "ERROR: " + message);
            failures.add(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The build's own variables out of the step's environment, which inside {@code node} also holds the agent's process
     * environment (its PATH, HOME, JAVA_HOME) and any {@code withCredentials} around the step: only what Jenkins sets for
     * the build (BRANCH_NAME, CHANGE_*, TAG_*, BUILD_*, JOB_*, GIT_*, the Jenkins URLs) and the Jenkinsfile's
     * parameters reach the Pods.
     */
    static Map<String, String> buildVariables(Map<String, String> env, java.util.Set<String> parameters) {
        Map<String, String> out = new java.util.TreeMap<>();
        env.forEach((name, value) -> {
            if (parameters.contains(name) || name.matches("(BRANCH|CHANGE|TAG|BUILD|JOB|GIT|RUN)_[A-Z0-9_]+|BRANCH_NAME|JENKINS_URL")) {
                out.put(name, value);
            }
        });
        return out;
    }

    /** A task's status as Jenkins names a stage's result; a stage Tekton skipped after a failure was not built. */
    static String jenkinsResult(String status) {
        return switch (status) {
            case "SUCCEEDED" -> "SUCCESS";
            case "CANCELLED" -> "ABORTED";
            case "Skipped" -> "NOT_BUILT";
            default -> "FAILURE";
        };
    }

    /** The run's Secret with each credential's parts under the keys the translation gave them. */
    static List<Secret> secrets(Translator.Result result, String name, CredentialsLookup lookup) {
        if (result.credentials().isEmpty()) {
            return List.of();
        }
        Map<String, String> data = new LinkedHashMap<>();
        for (Translator.CredentialUse c : result.credentials()) {
            switch (c.type()) {
                case "usernamePassword" -> {
                    CredentialsLookup.UserPass up = lookup.usernamePassword(c.id());
                    data.put(c.keys().get("username"), base64(up.username().getBytes(StandardCharsets.UTF_8)));
                    data.put(c.keys().get("password"), base64(up.password().getBytes(StandardCharsets.UTF_8)));
                }
                case "string" -> data.put(c.keys().get("secret"), base64(lookup.secretText(c.id()).getBytes(StandardCharsets.UTF_8)));
                case "file" -> data.put(c.keys().get("file"), base64(lookup.secretFile(c.id())));
                case "sshUserPrivateKey" -> {
                    CredentialsLookup.SshKey key = lookup.sshKey(c.id());
                    data.put(c.keys().get("key"), base64(key.privateKey().getBytes(StandardCharsets.UTF_8)));
                    data.put(c.keys().get("username"), base64(key.username().getBytes(StandardCharsets.UTF_8)));
                    data.put(c.keys().get("password"), base64(key.passphrase().getBytes(StandardCharsets.UTF_8)));
                }
                default -> throw new IllegalArgumentException("credentials '" + c.id() + "' are of a type (" + c.type()
                        + ") jenkinsfileStages cannot pass to the Pods yet");
            }
        }
        return List.of(new SecretBuilder().withNewMetadata().withName(name).endMetadata().withType("Opaque").withData(data)
                .build());
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    private static String read(TaskResolver.Files workspace, String path) {
        String found = readOrNull(workspace, path);
        if (found == null) {
            throw new IllegalArgumentException("file '" + path + "' is not in the workspace");
        }
        return found;
    }

    private static String readOrNull(TaskResolver.Files workspace, String path) {
        try {
            return workspace.read(path).orElse(null);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("Cannot read " + path + " from the workspace: " + e.getMessage(), e);
        }
    }

    @Extension
    @Symbol("jenkinsfileStages")
    public static class DescriptorImpl extends PodStepDescriptor {
        @Override
        public String getFunctionName() {
            return "jenkinsfileStages";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a declarative Jenkinsfile's stages as Task Pods";
        }
    }
}
