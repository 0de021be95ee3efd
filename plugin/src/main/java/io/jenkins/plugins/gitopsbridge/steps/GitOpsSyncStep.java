package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.FilePath;
import hudson.model.TaskListener;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.render.GitSources;
import io.gitopsbridge.tekton.GoDuration;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.sync.EngineSettings;
import io.gitopsbridge.yaml.YamlException;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsSync}: one sync of an application with Argo CD's semantics — an application from the global
 * configuration by name, or an Argo CD Application YAML file from the workspace. Returns the status as a map.
 */
public class GitOpsSyncStep extends Step {
    private String application;
    private String file;
    private String revision;
    private String cluster;
    private boolean prune;
    private boolean dryRun;
    private boolean allowEmpty;
    private boolean waitForHealthy = true;
    private String timeout;
    private String credentialsId;

    @DataBoundConstructor
    public GitOpsSyncStep() {}

    public String getApplication() {
        return application;
    }

    @DataBoundSetter
    public void setApplication(String application) {
        this.application = PodStep.blankToNull(application);
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = PodStep.blankToNull(file);
    }

    public String getRevision() {
        return revision;
    }

    @DataBoundSetter
    public void setRevision(String revision) {
        this.revision = PodStep.blankToNull(revision);
    }

    public String getCluster() {
        return cluster;
    }

    @DataBoundSetter
    public void setCluster(String cluster) {
        this.cluster = PodStep.blankToNull(cluster);
    }

    public boolean isPrune() {
        return prune;
    }

    @DataBoundSetter
    public void setPrune(boolean prune) {
        this.prune = prune;
    }

    public boolean isDryRun() {
        return dryRun;
    }

    @DataBoundSetter
    public void setDryRun(boolean dryRun) {
        this.dryRun = dryRun;
    }

    public boolean isAllowEmpty() {
        return allowEmpty;
    }

    @DataBoundSetter
    public void setAllowEmpty(boolean allowEmpty) {
        this.allowEmpty = allowEmpty;
    }

    public boolean isWaitForHealthy() {
        return waitForHealthy;
    }

    @DataBoundSetter
    public void setWaitForHealthy(boolean waitForHealthy) {
        this.waitForHealthy = waitForHealthy;
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = PodStep.blankToNull(credentialsId);
    }

    /** The Git credentials: the step's, else the configured application's; anonymous when neither names any. */
    GitAuth gitAuth(GitOpsBridgeConfiguration config, CredentialsLookup credentials) {
        String id = credentialsId != null ? credentialsId
                : application != null ? config.application(application).getCredentialsId() : null;
        if (id == null) {
            return GitAuth.NONE;
        }
        CredentialsLookup.UserPass up = credentials.usernamePassword(id);
        return new GitAuth.UsernamePassword(up.username(), up.password());
    }

    public String getTimeout() {
        return timeout;
    }

    /** @throws IllegalArgumentException when it is not a duration such as {@code 90s} or {@code 10m} */
    @DataBoundSetter
    public void setTimeout(String timeout) {
        this.timeout = PodStep.blankToNull(timeout);
    }

    /** The limit, checked here when the step runs: Stapler would swallow a setter's exception. */
    private Duration timeout() {
        Duration limit;
        try {
            limit = GoDuration.parse(timeout);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("timeout: " + e.getMessage(), e);
        }
        if (limit.isZero() || limit.isNegative()) {
            // The limit bounds the render and every write: a zero limit could never sync anything.
            throw new IllegalArgumentException("timeout: '" + timeout + "' must be more than zero");
        }
        return limit;
    }

    /** The options as the Jenkins-free runner takes them. */
    SyncStepRun.Options options() {
        return new SyncStepRun.Options(revision, prune, dryRun, allowEmpty, waitForHealthy,
                timeout == null ? Duration.ofMinutes(10) : timeout(), null);
    }

    /**
     * The application to sync, from the configuration or the workspace file, if job {@code job} may sync it.
     *
     * @throws IllegalArgumentException when neither or both are given, the application is unknown or malformed, the
     *     job's folder may not sync it, or a workspace file reuses a configured application's name
     */
    Application resolve(GitOpsBridgeConfiguration config, FilePath workspace, String job) throws Exception {
        if ((application == null) == (file == null)) {
            throw new IllegalArgumentException("gitopsSync needs exactly one of application (a name from Manage Jenkins ›"
                    + " System › GitOps Bridge) and file (an Application YAML in the workspace)");
        }
        if (application != null) {
            return config.application(application, job).toApplication();
        }
        if (workspace == null) {
            throw new IllegalArgumentException("gitopsSync file: '" + file + "' needs a workspace: run it inside node { }");
        }
        FilePath f = workspace.child(file);
        if (!f.exists()) {
            throw new IllegalArgumentException("gitopsSync file: '" + file + "' does not exist in the workspace");
        }
        Application app;
        try {
            app = Application.parse(file, f.readToString());
        } catch (YamlException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        refuseConfiguredName(config, app);
        return app;
    }

    /** Objects are tracked by application name: a workspace file of a configured name could prune its objects. */
    void refuseConfiguredName(GitOpsBridgeConfiguration config, Application app) {
        if (config.getApplications().stream().anyMatch(a -> a.getName().equals(app.name()))) {
            throw new IllegalArgumentException("gitopsSync file: '" + file + "' names Application '" + app.name()
                    + "', which is configured in Manage Jenkins › System › GitOps Bridge; sync it with application: '"
                    + app.name() + "', or give the file's Application another name");
        }
    }

    /** The configured cluster: the step's, else the Application's destination name if configured, else the only one. */
    String clusterName(GitOpsBridgeConfiguration config, Application app) {
        if (cluster != null) {
            return cluster;
        }
        String named = app.destination().name();
        if (named != null && !named.isEmpty() && config.getClusters().stream().anyMatch(c -> c.getName().equals(named))) {
            return named;
        }
        return null;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /**
     * Runs on the controller: rendering and syncing need no agent, and caches and statuses live in Jenkins' home. Also
     * runs {@code gitopsRollback}, which is this sync pinned to a history entry.
     */
    static final class Execution extends BackgroundStepExecution {
        private static final long serialVersionUID = 1L;
        private static volatile GitSources sources;
        private final transient GitOpsSyncStep step;
        private final String functionName;
        /** The history entry a rollback goes back to; {@code null} for a sync. */
        private final Long rollbackTo;

        Execution(GitOpsSyncStep step, StepContext context) {
            this(step, "gitopsSync", null, context);
        }

        Execution(GitOpsSyncStep step, String functionName, Long rollbackTo, StepContext context) {
            super(context);
            this.step = step;
            this.functionName = functionName;
            this.rollbackTo = rollbackTo;
        }

        /** One cache for every pipeline sync: the controller service keeps its own. */
        private static GitSources sources(File root) {
            if (sources == null) {
                synchronized (Execution.class) {
                    if (sources == null) {
                        sources = new GitSources(new File(root, "caches/gitops-bridge/sources").toPath(), 256);
                    }
                }
            }
            return sources;
        }

        @Override
        Object work() throws Exception {
            TaskListener listener = getContext().get(TaskListener.class);
            hudson.model.Run<?, ?> run = getContext().get(hudson.model.Run.class);
            String job = run.getParent().getFullName();
            GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
            if (rollbackTo != null && step.application == null) {
                throw new IllegalArgumentException("gitopsRollback needs application: a name from Manage Jenkins › System"
                        + " › GitOps Bridge");
            }
            Application app = step.resolve(config, getContext().get(FilePath.class), job);
            ClusterDefinition cluster = config.clusterFor(step.clusterName(config, app), job);
            // Checked with or without the controller: the build must be able to read the repository.
            GitAuth auth = step.gitAuth(config, new JenkinsCredentials(run));
            File root = Jenkins.get().getRootDir();
            Path statusDir = ControllerService.statusDir(root);
            SyncStepRun.Scope scope = new SyncStepRun.Scope(cluster.getName(), cluster.namespaces(),
                    step.application == null ? job : null);
            PrintStream log = listener.getLogger();
            SyncStepRun.Options options = step.options().by(run.getExternalizableId());
            ControllerService service = ControllerService.running().orElse(null);
            if (step.application != null && service != null) {
                Optional<Map<String, Object>> queued = rollbackTo == null
                        ? ControllerRun.sync(service, app.name(), cluster.getName(), options, log)
                        : ControllerRun.rollback(service, app.name(), cluster.getName(), rollbackTo, options, log);
                if (queued.isPresent()) {
                    return queued.get();
                }
            }
            try (Cluster c = config.connect(cluster)) {
                GitSources git = sources(root).withAuth(url -> auth);
                return rollbackTo == null ? SyncStepRun.run(app, c.client(), git, statusDir, options, scope, log)
                        : ControllerRun.rollbackDirectly(app, rollbackTo, c.client(), git, statusDir, options, scope,
                                log, EngineSettings.DEFAULTS);
            }
        }

        /** A restart in the middle of a write would leave it half done, so a safe restart waits for it. */
        @Override
        public boolean blocksRestart() {
            return !isDone();
        }

        @Override
        public void onResume() {
            complete(null, new hudson.AbortException("Jenkins restarted during " + functionName + "; the sync may be"
                    + " incomplete. Run the build again: a sync of an unchanged revision only changes what is still out of"
                    + " sync."));
        }
    }

    @Extension
    @Symbol("gitopsSync")
    public static class DescriptorImpl extends ControllerStepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsSync";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Sync a GitOps application into its cluster";
        }

    }
}
