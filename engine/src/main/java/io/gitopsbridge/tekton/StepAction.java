package io.gitopsbridge.tekton;

import java.util.List;

/**
 * A Tekton {@code StepAction} ({@code tekton.dev/v1beta1}, or {@code v1alpha1}): a reusable step with params.
 *
 * @param name {@code metadata.name}
 * @param params its params; {@code $(params.x)} in its fields means these, not the Task's
 * @param step its container fields (image, command, args, script, env, workingDir, securityContext, volumeMounts)
 * @param file where it was read from
 */
public record StepAction(String name, List<ParamSpec> params, StepSpec step, String file) {
    public StepAction {
        params = List.copyOf(params);
    }
}
