package io.gitopsbridge.jenkinsfile;

import java.util.Map;

/**
 * The build a Jenkinsfile is translated for: its environment as Jenkins sets it ({@code BRANCH_NAME}, {@code TAG_NAME},
 * {@code CHANGE_ID}, {@code CHANGE_TARGET}, {@code BUILD_NUMBER}, {@code JOB_NAME}…), the values of its parameters,
 * the commit and repository {@code checkout scm} takes, and the type of each credential the file names.
 *
 * @param params parameter values given for the build; a parameter not given here is taken from {@code env}, where
 *     Jenkins puts every parameter too, else its default
 * @param credentialType a credential's type by id: {@code usernamePassword}, {@code string}, {@code file},
 *     {@code sshUserPrivateKey}, another name for any other type, null when there is no such credential
 */
public record BuildContext(Map<String, String> env, Map<String, String> params, String repository, String commit,
        java.util.function.Function<String, String> credentialType) {
    public static final BuildContext NONE = new BuildContext(Map.of(), Map.of(), null, null, id -> null);

    public BuildContext {
        env = Map.copyOf(env);
        params = Map.copyOf(params);
    }

    /** A context whose credential types are those of {@code types}. */
    public BuildContext(Map<String, String> env, Map<String, String> params, String repository, String commit,
            Map<String, String> types) {
        this(env, params, repository, commit, Map.copyOf(types)::get);
    }
}
