package io.gitopsbridge.cli;

import io.gitopsbridge.git.GitAuth;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How commands reach a Git repository: anonymous, user + token from the environment, or an SSH key. */
final class GitAuthOptions {
    static final String PASSWORD_VARIABLE = "GITOPS_BRIDGE_GIT_PASSWORD";
    static final String PASSPHRASE_VARIABLE = "GITOPS_BRIDGE_SSH_PASSPHRASE";

    @Option(names = "--username", description = "User for HTTPS; the password or token is read from $"
            + PASSWORD_VARIABLE + ", never from the command line.")
    String username;

    @Option(names = "--ssh-key", paramLabel = "FILE", description = "SSH private key for ssh:// URLs; its passphrase,"
            + " if any, is read from $" + PASSPHRASE_VARIABLE + ".")
    Path sshKey;

    @Option(names = "--known-hosts", paramLabel = "FILE", description = "known_hosts lines for the SSH server (required"
            + " with --ssh-key; host keys are always checked).")
    Path knownHosts;

    GitAuth auth(CommandLine commandLine) throws IOException {
        if (sshKey != null) {
            if (username != null || knownHosts == null) {
                throw new CommandLine.ParameterException(commandLine, "--ssh-key needs --known-hosts, and does not go with --username");
            }
            return new GitAuth.SshKey(Files.readString(sshKey), System.getenv(PASSPHRASE_VARIABLE), Files.readString(knownHosts));
        }
        if (username != null) {
            String password = System.getenv(PASSWORD_VARIABLE);
            if (password == null) {
                throw new CommandLine.ParameterException(commandLine, "--username needs the password or token in $"
                        + PASSWORD_VARIABLE);
            }
            return new GitAuth.UsernamePassword(username, password);
        }
        return GitAuth.NONE;
    }
}
