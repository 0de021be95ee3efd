package io.jenkins.plugins.gitopsbridge.steps;

import io.gitopsbridge.tekton.TaskResolver;

/**
 * What a step may read while it plans: images, the workspace's files and credentials.
 *
 * @param images configured images
 * @param workspace the node workspace, or {@code null} outside {@code node}
 * @param credentials credential lookup for this build
 * @param buildEnv the build's environment where the step runs (BRANCH_NAME, CHANGE_ID, parameters…)
 * @param files where files a run sends back are kept (the build's artifacts)
 */
record StepEnvironment(Images images, TaskResolver.Files workspace, CredentialsLookup credentials,
        java.util.Map<String, String> buildEnv, BuildFiles files) {
    StepEnvironment(Images images, TaskResolver.Files workspace, CredentialsLookup credentials) {
        this(images, workspace, credentials, java.util.Map.of(), BuildFiles.NONE);
    }

    /**
     * @throws IllegalArgumentException if the step runs outside {@code node}
     */
    TaskResolver.Files requireWorkspace(String field) {
        if (workspace == null) {
            throw new IllegalArgumentException(field + " is read from the workspace, and this step is not inside"
                    + " node { … }; wrap it in node, or pass the YAML text (for example yaml: readTrusted('…'))");
        }
        return workspace;
    }
}
