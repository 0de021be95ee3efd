package io.jenkins.plugins.gitopsbridge.steps;

/** Reads a user name and password (or token) credential by ID, as the build is allowed to see it. */
@FunctionalInterface
interface CredentialsLookup {
    /**
     * @throws IllegalArgumentException if there is no such username-with-password credential for the build
     */
    UserPass usernamePassword(String id);

    /** A user name and password; {@code toString} hides the password. */
    record UserPass(String username, String password) {
        @Override
        public String toString() {
            return "UserPass[" + username + ", ****]";
        }
    }
}
