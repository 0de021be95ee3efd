package io.gitopsbridge.git;

/** How to authenticate to a config repository: over HTTPS, or over SSH with a key and known host keys. */
public sealed interface GitAuth permits GitAuth.Anonymous, GitAuth.UsernamePassword, GitAuth.SshKey {
    /** No credentials. */
    record Anonymous() implements GitAuth {}

    /** A user name with a password or token; {@code toString} hides the secret. */
    record UsernamePassword(String username, String password) implements GitAuth {
        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ****]";
        }
    }

    /**
     * An SSH private key. The server's host key must be in {@code knownHosts} ({@code known_hosts} format): an
     * unknown or changed host key fails the connection, as {@code StrictHostKeyChecking yes} would.
     *
     * @param privateKey the key in OpenSSH or PEM format
     * @param passphrase the key's passphrase, or {@code null}
     * @param knownHosts {@code known_hosts} lines for the Git server
     */
    record SshKey(String privateKey, String passphrase, String knownHosts) implements GitAuth {
        public SshKey {
            if (privateKey == null || privateKey.isBlank()) {
                throw new IllegalArgumentException("an SSH key is required");
            }
            if (knownHosts == null || knownHosts.isBlank()) {
                throw new IllegalArgumentException("SSH needs the Git server's known_hosts lines: host keys are always"
                        + " checked (ssh-keyscan HOST, verified out of band)");
            }
        }

        @Override
        public String toString() {
            return "SshKey[****]";
        }
    }

    GitAuth NONE = new Anonymous();
}
