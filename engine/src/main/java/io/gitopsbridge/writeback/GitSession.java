package io.gitopsbridge.writeback;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;

/**
 * What JGit commands need to reach a repository with some {@link GitAuth}: a credentials provider and, for SSH keys,
 * a private session factory. Close it to remove the key's temporary files.
 */
public final class GitSession implements AutoCloseable {
    private final CredentialsProvider credentials;
    private final SshTransport ssh;

    public GitSession(GitAuth auth) {
        if (auth instanceof GitAuth.UsernamePassword up) {
            credentials = new UsernamePasswordCredentialsProvider(up.username(), up.password());
            ssh = null;
        } else if (auth instanceof GitAuth.SshKey key) {
            credentials = SshTransport.passphrase(key);
            ssh = new SshTransport(key);
        } else {
            credentials = null;
            ssh = null;
        }
    }

    /** The command, set up to authenticate as this session does. */
    public <C extends TransportCommand<C, ?>> C apply(C command) {
        return command.setCredentialsProvider(credentials).setTransportConfigCallback(ssh);
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
