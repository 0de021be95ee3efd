package io.gitopsbridge.jenkinsfile;

import java.util.Map;

/**
 * The build a Jenkinsfile is translated for: its environment as Jenkins sets it ({@code BRANCH_NAME}, {@code TAG_NAME},
 * {@code CHANGE_ID}, {@code CHANGE_TARGET}, {@code BUILD_NUMBER}, {@code JOB_NAME}…), the values of its parameters,
 * the commit and repository {@code checkout scm} takes, and the type of each credential the file names.
 *
 * @param credentialTypes credential id to {@code usernamePassword}, {@code string}, {@code file} or
 *     {@code sshUserPrivateKey}
 */
public record BuildContext(Map<String, String> env, Map<String, String> params, String repository, String commit,
        Map<String, String> credentialTypes) {
    public static final BuildContext NONE = new BuildContext(Map.of(), Map.of(), null, null, Map.of());

    public BuildContext {
        env = Map.copyOf(env);
        params = Map.copyOf(params);
        credentialTypes = Map.copyOf(credentialTypes);
    }
}
