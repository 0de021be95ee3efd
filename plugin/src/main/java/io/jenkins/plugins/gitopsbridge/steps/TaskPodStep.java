package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import io.gitopsbridge.launch.Definition;
import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.tekton.Names;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TektonParser;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;
import org.snakeyaml.engine.v2.api.Dump;
import org.snakeyaml.engine.v2.api.DumpSettings;

/**
 * {@code taskPod}: one inline Task in one Pod. Either a single step ({@code image} and {@code script}) or a whole
 * Tekton {@code taskSpec} in YAML ({@code spec}); returns the Task's results.
 */
public class TaskPodStep extends TektonStep {
    static final String DEFAULT_NAME = "task-pod";

    private String name;
    private String image;
    private String script;
    private String spec;

    @DataBoundConstructor
    public TaskPodStep() {}

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = blankToNull(name);
    }

    @Override
    void validate() {
        super.validate();
        String problem = name == null ? null : Names.labelProblem("name", name);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = blankToNull(image);
    }

    public String getScript() {
        return script;
    }

    @DataBoundSetter
    public void setScript(String script) {
        this.script = script == null || script.isBlank() ? null : script;
    }

    public String getSpec() {
        return spec;
    }

    @DataBoundSetter
    public void setSpec(String spec) {
        this.spec = spec == null || spec.isBlank() ? null : spec;
    }

    @Override
    Plan plan(StepEnvironment env) {
        String taskName = name == null ? DEFAULT_NAME : name;
        Task task = new Task(taskName, TektonParser.taskSpec("taskPod spec", specText()), "taskPod");
        return launching(new RunFile(new Definition.OfTask(task), RunFile.RunSettings.NONE), paramValues(), workspaceBindings(),
                options(), env);
    }

    /** The spec as given, or the one-step spec that {@code image} and {@code script} stand for. */
    String specText() {
        if (spec != null) {
            if (image != null || script != null) {
                throw new IllegalArgumentException("taskPod takes either spec, or image and script; not both");
            }
            return spec;
        }
        if (image == null || script == null) {
            throw new IllegalArgumentException("taskPod needs image and script (one step), or spec (a Tekton taskSpec"
                    + " in YAML)");
        }
        Map<String, Object> step = new LinkedHashMap<>();
        step.put("name", "run");
        step.put("image", image);
        step.put("script", script);
        Map<String, Object> body = new LinkedHashMap<>();
        Map<String, Object> params = paramValues();
        if (params != null) {
            List<Map<String, Object>> declared = new ArrayList<>();
            params.forEach((param, value) -> {
                Map<String, Object> declaration = new LinkedHashMap<>();
                declaration.put("name", param);
                if (value instanceof List<?>) {
                    declaration.put("type", "array");
                } else if (value instanceof Map<?, ?> object) {
                    declaration.put("type", "object");
                    Map<String, Object> properties = new LinkedHashMap<>();
                    object.keySet().forEach(k -> properties.put(String.valueOf(k), Map.of("type", "string")));
                    declaration.put("properties", properties);
                } else {
                    declaration.put("type", "string");
                }
                declared.add(declaration);
            });
            body.put("params", declared);
        }
        if (workspaceBindings() != null) {
            body.put("workspaces", workspaceBindings().keySet().stream().map(w -> Map.of("name", w)).toList());
        }
        body.put("steps", List.of(step));
        // Dumped, not concatenated, so that no script text can change the spec's structure.
        return new Dump(DumpSettings.builder().build()).dumpToString(body);
    }

    @Extension
    @Symbol("taskPod")
    public static class DescriptorImpl extends PodStepDescriptor {
        @Override
        public String getFunctionName() {
            return "taskPod";
        }

        @NonNull
        @Override
        public String getDisplayName() {
            return "Run a Task Pod";
        }
    }
}
