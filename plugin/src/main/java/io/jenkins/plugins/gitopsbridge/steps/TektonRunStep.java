package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.util.FormValidation;
import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.pipeline.PipelineOptions;
import io.gitopsbridge.tekton.TaskResolver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.kohsuke.stapler.QueryParameter;

/**
 * {@code tektonRun}: a {@code tekton.dev/v1} Task or Pipeline from a workspace file or inline YAML, with params;
 * returns the results. A Pipeline's {@code taskRef}s are found in {@code tasksDir} (the file's directory by
 * default), as {@code <name>.yaml} or in the Tekton catalog layout.
 */
public class TektonRunStep extends TektonStep {
    private String file;
    private String yaml;
    private String tasksDir;
    private int maxParallel = PipelineOptions.DEFAULT.maxParallel();
    private boolean failFast;

    @DataBoundConstructor
    public TektonRunStep() {}

    public String getFile() {
        return file;
    }

    @DataBoundSetter
    public void setFile(String file) {
        this.file = blankToNull(file);
    }

    public String getYaml() {
        return yaml;
    }

    @DataBoundSetter
    public void setYaml(String yaml) {
        this.yaml = yaml == null || yaml.isBlank() ? null : yaml;
    }

    public String getTasksDir() {
        return tasksDir;
    }

    @DataBoundSetter
    public void setTasksDir(String tasksDir) {
        this.tasksDir = blankToNull(tasksDir);
    }

    public int getMaxParallel() {
        return maxParallel;
    }

    @DataBoundSetter
    public void setMaxParallel(int maxParallel) {
        this.maxParallel = maxParallel;
    }

    @Override
    void validate() {
        super.validate();
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1, not " + maxParallel);
        }
    }

    public boolean isFailFast() {
        return failFast;
    }

    @DataBoundSetter
    public void setFailFast(boolean failFast) {
        this.failFast = failFast;
    }

    @Override
    Plan plan(StepEnvironment env) {
        if ((file == null) == (yaml == null)) {
            throw new IllegalArgumentException("tektonRun takes file (a path in the workspace) or yaml (the text), one"
                    + " of them");
        }
        String name = file == null ? "tektonRun yaml" : file;
        String text = yaml;
        if (file != null) {
            text = read(env.requireWorkspace("file"), file)
                    .orElseThrow(() -> new IllegalArgumentException("file '" + file + "' is not in the workspace"));
        }
        String dir = tasksDir != null ? tasksDir : file != null && file.contains("/") ? file.substring(0, file.lastIndexOf('/')) : null;
        TaskResolver resolver = TaskResolver.NONE;
        TaskResolver.Files files = TaskResolver.NO_FILES;
        if (dir != null || file != null) {
            files = under(env.requireWorkspace("tasksDir"), dir);
            resolver = TaskResolver.files(files);
        }
        RunFile runFile = RunFile.parse(name, text, resolver, files);
        PipelineOptions options = options().withMaxParallel(maxParallel).withFailFast(failFast);
        return launching(runFile, paramValues(), workspaceBindings(), options, env);
    }

    private static Optional<String> read(TaskResolver.Files files, String path) {
        try {
            return files.read(path);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " from the workspace: " + e.getMessage(), e);
        }
    }

    /** The files below {@code dir} ({@code null}: the root), named relative to the workspace in messages. */
    static TaskResolver.Files under(TaskResolver.Files root, String dir) {
        String prefix = dir == null || dir.equals(".") ? "" : dir.replaceAll("/+$", "") + "/";
        return new TaskResolver.Files() {
            @Override
            public Optional<String> read(String path) throws IOException {
                return root.read(prefix + path);
            }

            @Override
            public List<String> directories(String path) throws IOException {
                return root.directories(prefix + path);
            }
        };
    }

    @Extension
    @Symbol("tektonRun")
    public static class DescriptorImpl extends PodStepDescriptor {
        @Override
        public String getFunctionName() {
            return "tektonRun";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a Tekton Task or Pipeline as Pods";
        }

        public FormValidation doCheckMaxParallel(@QueryParameter String value) {
            try {
                return Integer.parseInt(value.trim()) >= 1 ? FormValidation.ok() : FormValidation.error("At least 1");
            } catch (NumberFormatException e) {
                return FormValidation.error("A whole number, at least 1");
            }
        }
    }
}
