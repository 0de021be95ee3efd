package io.gitopsbridge.writeback;

/** How to authenticate to a config repository over HTTPS. */
public sealed interface GitAuth permits GitAuth.Anonymous, GitAuth.UsernamePassword {
    /** No credentials. */
    record Anonymous() implements GitAuth {}

    /** A user name with a password or token; {@code toString} hides the secret. */
    record UsernamePassword(String username, String password) implements GitAuth {
        @Override
        public String toString() {
            return "UsernamePassword[" + username + ", ****]";
        }
    }

    GitAuth NONE = new Anonymous();
}
