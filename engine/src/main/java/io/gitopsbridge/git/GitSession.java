package io.gitopsbridge.git;

import org.eclipse.jgit.api.TransportCommand;
import org.eclipse.jgit.api.TransportConfigCallback;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.Transport;
import org.eclipse.jgit.transport.TransportHttp;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;

/**
 * What JGit commands need to reach one repository: its URL checked ({@link Remotes#requireNetwork}), a credentials
 * provider, for SSH keys a private session factory, and for a private CA a connection factory of this session's
 * transports only. Close it to remove the key's temporary files.
 */
public final class GitSession implements AutoCloseable, TransportConfigCallback {
    /** How long a Git server may stay silent before a fetch, clone or push gives up. */
    public static final java.time.Duration DEFAULT_TIMEOUT = java.time.Duration.ofSeconds(60);
    private final CredentialsProvider credentials;
    private final int timeoutSeconds;
    private final SshTransport ssh;
    private final HttpConnectionFactory https;

    /**
     * @param url the repository
     * @param auth how to authenticate
     * @param caCertificate PEM certificates to trust for the repository's server instead of the JVM's trust store,
     *     or {@code null}
     * @throws IllegalArgumentException if the URL is not a network URL or the CA certificate is not PEM
     */
    public GitSession(String url, GitAuth auth, String caCertificate) {
        this(url, auth, caCertificate, DEFAULT_TIMEOUT);
    }

    /** @param timeout how long the server may stay silent: a server that accepts and never answers fails, not hangs */
    public GitSession(String url, GitAuth auth, String caCertificate, java.time.Duration timeout) {
        Remotes.requireNetwork(url);
        timeoutSeconds = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toSeconds()));
        if (caCertificate != null && !url.regionMatches(true, 0, "https://", 0, 8)) {
            throw new IllegalArgumentException("A CA certificate applies to https:// repositories only, not "
                    + Remotes.safe(url));
        }
        https = caCertificate == null ? null : HttpsTrust.trusting(url, caCertificate);
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

    /** The command, set up to authenticate and trust as this session does. */
    public <C extends TransportCommand<C, ?>> C apply(C command) {
        return command.setCredentialsProvider(credentials).setTransportConfigCallback(this).setTimeout(timeoutSeconds);
    }

    @Override
    public void configure(Transport transport) {
        if (ssh != null) {
            ssh.configure(transport);
        }
        if (https != null && transport instanceof TransportHttp http) {
            http.setHttpConnectionFactory(https);
        }
    }

    @Override
    public void close() {
        if (ssh != null) {
            ssh.close();
        }
    }
}
