package io.jenkins.plugins.gitopsbridge.steps;

import java.util.LinkedHashMap;
import java.util.Map;
import org.kohsuke.stapler.DataBoundSetter;

/** A step that runs a Tekton definition: params and workspace bindings by name. */
public abstract class TektonStep extends PodStep {
    private Map<String, Object> params;
    private Map<String, String> workspaces;

    public Map<String, Object> getParams() {
        return params;
    }

    /** Values as Groovy gives them: strings (numbers and booleans become strings), lists, maps of strings. */
    @DataBoundSetter
    public void setParams(Map<String, Object> params) {
        this.params = params == null || params.isEmpty() ? null : new LinkedHashMap<>(params);
    }

    public Map<String, String> getWorkspaces() {
        return workspaces;
    }

    /** Workspace name → {@code emptyDir}, {@code pvc:CLAIM}, {@code secret:NAME}, {@code configmap:NAME}, {@code claim:SIZE}. */
    @DataBoundSetter
    public void setWorkspaces(Map<String, String> workspaces) {
        this.workspaces = workspaces == null || workspaces.isEmpty() ? null : new LinkedHashMap<>(workspaces);
    }
}
