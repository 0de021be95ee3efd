package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.gitopsbridge.image.ImageRef;
import io.gitopsbridge.writeback.Edit;
import io.gitopsbridge.writeback.Edits;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.writeback.WriteBack;
import io.gitopsbridge.writeback.WriteBackRequest;
import io.gitopsbridge.writeback.WriteBackResult;
import java.io.File;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.jenkinsci.Symbol;
import org.jenkinsci.plugins.workflow.steps.Step;
import org.jenkinsci.plugins.workflow.steps.StepContext;
import org.jenkinsci.plugins.workflow.steps.StepDescriptor;
import org.jenkinsci.plugins.workflow.steps.StepExecution;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * {@code gitopsUpdate}: commits a new image (or any values) to a GitOps config repository in one commit, keeping
 * every other byte of the files, and wins push races. Returns {@code commit}, {@code changed} and {@code branch}.
 */
public class GitOpsUpdateStep extends Step {
    private final String repoUrl;
    private String branch;
    private String credentialsId;
    private String file;
    private String image;
    private String path;
    private String container;
    private String imageName;
    private String parameter;
    private List<WriteBackEdit> edits;
    private String message;
    private String sourceCommit;
    private String authorName;
    private String authorEmail;
    private String pushBranch;
    private String caCertificate;

    @DataBoundConstructor
    public GitOpsUpdateStep(String repoUrl) {
        // Checked when the step runs: a constructor that throws makes the Snippet Generator answer HTTP 500.
        this.repoUrl = repoUrl == null ? null : repoUrl.trim();
    }

    public String getRepoUrl() {
        return repoUrl;
    }

    public String getBranch() {
        return branch;
    }

    @DataBoundSetter
    public void setBranch(String branch) {
        this.branch = PodStep.blankToNull(branch);
    }

    public String getCredentialsId() {
        return credentialsId;
    }

    @DataBoundSetter
    public void setCredentialsId(String credentialsId) {
        this.credentialsId = PodStep.blankToNull(credentialsId);
    }

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = PodStep.blankToNull(file);
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = PodStep.blankToNull(image);
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = PodStep.blankToNull(path);
    }

    public String getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(String container) {
        this.container = PodStep.blankToNull(container);
    }

    public String getImageName() {
        return imageName;
    }

    @DataBoundSetter
    public void setImageName(String imageName) {
        this.imageName = PodStep.blankToNull(imageName);
    }

    public String getParameter() {
        return parameter;
    }

    @DataBoundSetter
    public void setParameter(String parameter) {
        this.parameter = PodStep.blankToNull(parameter);
    }

    public List<WriteBackEdit> getEdits() {
        return edits;
    }

    @DataBoundSetter
    public void setEdits(List<WriteBackEdit> edits) {
        this.edits = edits == null || edits.isEmpty() ? null : new ArrayList<>(edits);
    }

    public String getMessage() {
        return message;
    }

    @DataBoundSetter
    public void setMessage(String message) {
        this.message = message == null || message.isBlank() ? null : message;
    }

    public String getSourceCommit() {
        return sourceCommit;
    }

    @DataBoundSetter
    public void setSourceCommit(String sourceCommit) {
        this.sourceCommit = PodStep.blankToNull(sourceCommit);
    }

    public String getAuthorName() {
        return authorName;
    }

    @DataBoundSetter
    public void setAuthorName(String authorName) {
        this.authorName = PodStep.blankToNull(authorName);
    }

    public String getAuthorEmail() {
        return authorEmail;
    }

    @DataBoundSetter
    public void setAuthorEmail(String authorEmail) {
        this.authorEmail = PodStep.blankToNull(authorEmail);
    }

    public String getPushBranch() {
        return pushBranch;
    }

    @DataBoundSetter
    public void setPushBranch(String pushBranch) {
        this.pushBranch = PodStep.blankToNull(pushBranch);
    }

    public String getCaCertificate() {
        return caCertificate;
    }

    @DataBoundSetter
    public void setCaCertificate(String caCertificate) {
        this.caCertificate = caCertificate == null || caCertificate.isBlank() ? null : caCertificate.strip();
    }

    /**
     * The write-back these arguments ask for.
     *
     * @throws IllegalArgumentException if the edits are missing or malformed, or the credentials are not there
     */
    WriteBackRequest request(CredentialsLookup credentials, BuildInfo build) {
        if (repoUrl == null || repoUrl.isEmpty()) {
            throw new IllegalArgumentException("gitopsUpdate needs repoUrl, the config repository");
        }
        List<Edit> all = new ArrayList<>();
        Map<String, String> values = new LinkedHashMap<>();
        if (image != null || file != null) {
            if (image == null || file == null) {
                throw new IllegalArgumentException("gitopsUpdate: image and file go together");
            }
            ImageRef ref = ImageRef.parse(image);
            all.add(Edits.forImage(file, ref, path, container, imageName, parameter));
            values.putAll(ref.templateValues());
        }
        if (edits != null) {
            all.addAll(Edits.fromMaps(edits.stream().map(WriteBackEdit::toMap).toList()));
        }
        if (all.isEmpty()) {
            throw new IllegalArgumentException("gitopsUpdate has nothing to change: give image and file, or edits");
        }
        if (build.url() != null) {
            values.put("buildUrl", build.url());
        }
        values.put("job", build.job());
        values.put("buildNumber", Integer.toString(build.number()));
        if (sourceCommit != null) {
            values.put("sourceCommit", sourceCommit);
        }
        GitAuth auth = GitAuth.NONE;
        if (credentialsId != null) {
            CredentialsLookup.UserPass userPass = credentials.usernamePassword(credentialsId);
            auth = new GitAuth.UsernamePassword(userPass.username(), userPass.password());
        }
        WriteBackRequest.Identity author = new WriteBackRequest.Identity(authorName == null ? "GitOps Bridge" : authorName,
                authorEmail == null ? "gitops-bridge@jenkins.invalid" : authorEmail);
        return WriteBackRequest.of(repoUrl, branch == null ? "main" : branch, auth, all, author)
                .withMessage(message, values).withPushBranch(pushBranch).withCaCertificate(caCertificate);
    }

    /** Runs the write-back and returns what the step returns. */
    static Map<String, Object> run(WriteBackRequest request, Path cache, PrintStream log) throws InterruptedException {
        WriteBackResult result = new WriteBack(cache).run(request, line -> log.println(StepRun.PREFIX + line));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("commit", result.commit());
        out.put("changed", result.changed());
        out.put("branch", result.branch());
        return out;
    }

    @Override
    public StepExecution start(StepContext context) {
        return new Execution(this, context);
    }

    /** Runs on the controller: Git work needs no agent, and the repository cache lives in Jenkins' home. */
    static final class Execution extends BackgroundStepExecution {
        private static final long serialVersionUID = 1L;
        private final transient GitOpsUpdateStep step;

        Execution(GitOpsUpdateStep step, StepContext context) {
            super(context);
            this.step = step;
        }

        @Override
        Object work() throws Exception {
            Run<?, ?> build = getContext().get(Run.class);
            TaskListener listener = getContext().get(TaskListener.class);
            WriteBackRequest request = step.request(new JenkinsCredentials(build), BuildInfo.of(build));
            Path cache = new File(Jenkins.get().getRootDir(), "caches/gitops-bridge/repos").toPath();
            return run(request, cache, listener.getLogger());
        }

        /** A restart in the middle of a write would leave it half done, so a safe restart waits for it. */
        @Override
        public boolean blocksRestart() {
            return !isDone();
        }

        @Override
        public void onResume() {
            complete(null, new hudson.AbortException("Jenkins restarted during gitopsUpdate. Run the build again:"
                    + " a write-back that already landed is then a no-op."));
        }
    }

    @Extension
    @Symbol("gitopsUpdate")
    public static class DescriptorImpl extends ControllerStepDescriptor {
        @Override
        public String getFunctionName() {
            return "gitopsUpdate";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Commit image updates to a GitOps config repository";
        }

        public hudson.util.FormValidation doCheckRepoUrl(@org.kohsuke.stapler.QueryParameter String value) {
            return value == null || value.isBlank()
                    ? hudson.util.FormValidation.error("The config repository's URL is required")
                    : hudson.util.FormValidation.ok();
        }
    }
}
