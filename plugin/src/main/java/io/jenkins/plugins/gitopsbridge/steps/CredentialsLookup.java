package io.jenkins.plugins.gitopsbridge.steps;

/** Reads a user name and password (or token) credential by ID, as the build is allowed to see it. */
@FunctionalInterface
interface CredentialsLookup {
    /**
     * @throws IllegalArgumentException if there is no such username-with-password credential for the build
     */
    UserPass usernamePassword(String id);

    /**
     * The kubeconfig text of a Secret file or Secret text credential the build may use (a folder's own, for
     * example).
     *
     * @throws IllegalArgumentException if there is no such credential for the build, or it has another kind
     */
    default String kubeconfig(String id) {
        throw new IllegalArgumentException("No kubeconfig credentials with ID '" + id + "' are available to this build");
    }

    /**
     * The kind of credential {@code id} is, in the words of a Jenkinsfile's bindings: {@code usernamePassword},
     * {@code string}, {@code file}, {@code sshUserPrivateKey}, or its class's name for another; null if there is none.
     */
    default String type(String id) {
        return null;
    }

    /** A Secret text credential's value. @throws IllegalArgumentException if there is no such credential */
    default String secretText(String id) {
        throw new IllegalArgumentException("No 'Secret text' credentials with ID '" + id + "' are available to this build");
    }

    /** A Secret file credential's content. @throws IllegalArgumentException if there is no such credential */
    default byte[] secretFile(String id) {
        throw new IllegalArgumentException("No 'Secret file' credentials with ID '" + id + "' are available to this build");
    }

    /** An SSH user private key credential's user, first key and passphrase. @throws IllegalArgumentException if none */
    default SshKey sshKey(String id) {
        throw new IllegalArgumentException("No 'SSH Username with private key' credentials with ID '" + id
                + "' are available to this build");
    }

    /** An SSH key; {@code toString} hides the key and its passphrase. */
    record SshKey(String username, String privateKey, String passphrase) {
        @Override
        public String toString() {
            return "SshKey[" + username + ", ****]";
        }
    }

    /** A user name and password; {@code toString} hides the password. */
    record UserPass(String username, String password) {
        @Override
        public String toString() {
            return "UserPass[" + username + ", ****]";
        }
    }
}
