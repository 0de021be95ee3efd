package io.jenkins.plugins.gitopsbridge.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * A step that runs a Tekton definition: params and workspace bindings by name, as lists of entries (which the
 * Snippet Generator can build) or, in a Jenkinsfile, as maps ({@link PodStepDescriptor#customInstantiate}).
 */
public abstract class TektonStep extends PodStep {
    private static final long serialVersionUID = 1L;
    private List<TektonParam> params;
    private List<NameValue> workspaces;

    public List<TektonParam> getParams() {
        return params;
    }

    @DataBoundSetter
    public void setParams(List<TektonParam> params) {
        this.params = params == null || params.isEmpty() ? null : new ArrayList<>(params);
    }

    /** The params by name: strings, lists (array params), maps (object params); {@code null} when none. */
    Map<String, Object> paramValues() {
        return params == null ? null : TektonParam.toMap(params);
    }

    public List<NameValue> getWorkspaces() {
        return workspaces;
    }

    /** Workspace name → {@code emptyDir}, {@code pvc:CLAIM}, {@code secret:NAME}, {@code configmap:NAME}, {@code claim:SIZE}. */
    @DataBoundSetter
    public void setWorkspaces(List<NameValue> workspaces) {
        this.workspaces = workspaces == null || workspaces.isEmpty() ? null : new ArrayList<>(workspaces);
    }

    /** The workspace bindings by name; {@code null} when none. */
    Map<String, String> workspaceBindings() {
        return workspaces == null ? null : NameValue.toMap(workspaces);
    }
}
