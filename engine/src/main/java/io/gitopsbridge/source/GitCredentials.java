package io.gitopsbridge.source;

/** How the clone authenticates. */
public sealed interface GitCredentials {

    /** HTTPS with a user name and a password or token. */
    record UsernamePassword(String username, String password) implements GitCredentials {
        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ****]";
        }
    }

    /**
     * SSH with a private key; the host key must be in {@code knownHosts}.
     *
     * @param privateKey the key, in OpenSSH or PEM form
     * @param knownHosts lines for {@code ~/.ssh/known_hosts}
     */
    record SshKey(String privateKey, String knownHosts) implements GitCredentials {
        @Override
        public String toString() {
            return "SshKey[****]";
        }
    }
}
