package io.gitopsbridge.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.transport.ReceivePack;
import org.eclipse.jgit.transport.UploadPack;

/**
 * A Git server over SSH (Apache MINA SSHD with JGit's pack protocol) serving the bare repositories of a
 * {@link GitHttpServer} root: {@code ssh://git@127.0.0.1:<port>/<name>.git}. One client key is authorized; the
 * host key is fresh per server, and {@link #knownHosts()} gives the line a client must trust.
 */
public final class GitSshServer implements AutoCloseable {
    private final SshServer sshd;
    private final KeyPair hostKey;

    private GitSshServer(Path root, PublicKey authorized) throws IOException, GeneralSecurityException {
        hostKey = generate();
        sshd = SshServer.setUpDefaultServer();
        sshd.setHost("127.0.0.1");
        sshd.setPort(0);
        sshd.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        sshd.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(key, authorized));
        sshd.setPasswordAuthenticator(null);
        sshd.setCommandFactory((channel, command) -> new GitCommand(root, command));
        sshd.start();
    }

    /** Serves {@code root}, letting in the holder of {@code authorized}'s private key. */
    public static GitSshServer start(Path root, PublicKey authorized) throws IOException, GeneralSecurityException {
        return new GitSshServer(root, authorized);
    }

    /** A new client key pair. */
    public static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        return generator.generateKeyPair();
    }

    /** The private key in OpenSSH format, as a user would paste it into a credential. */
    public static String openSshPrivateKey(KeyPair key) throws IOException, GeneralSecurityException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(key, "test", null, out);
        return out.toString(StandardCharsets.US_ASCII);
    }

    public String url(String name) {
        return "ssh://git@127.0.0.1:" + sshd.getPort() + "/" + name + ".git";
    }

    /** The {@code known_hosts} line for this server's host key. */
    public String knownHosts() {
        return "[127.0.0.1]:" + sshd.getPort() + " " + PublicKeyEntry.toString(hostKey.getPublic()) + "\n";
    }

    @Override
    public void close() throws IOException {
        sshd.stop(true);
    }

    /** {@code git-upload-pack '/x.git'} or {@code git-receive-pack '/x.git'} on a bare repository. */
    private static final class GitCommand implements Command {
        private final Path root;
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;

        GitCommand(Path root, String command) {
            this.root = root;
            this.command = command;
        }

        @Override
        public void setInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public void setOutputStream(OutputStream out) {
            this.out = out;
        }

        @Override
        public void setErrorStream(OutputStream err) {
            this.err = err;
        }

        @Override
        public void setExitCallback(ExitCallback callback) {
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) {
            Thread t = new Thread(() -> {
                int code = 0;
                String[] parts = command.split(" ", 2);
                String path = parts.length < 2 ? "" : parts[1].replace("'", "").replaceFirst("^/", "");
                try (Repository repo = new FileRepositoryBuilder().setGitDir(root.resolve(path).toFile())
                        .setMustExist(true).build()) {
                    if (parts[0].equals("git-upload-pack")) {
                        new UploadPack(repo).upload(in, out, err);
                    } else if (parts[0].equals("git-receive-pack")) {
                        new ReceivePack(repo).receive(in, out, err);
                    } else {
                        code = 127;
                    }
                } catch (IOException e) {
                    code = 1;
                } finally {
                    try {
                        out.flush();
                    } catch (IOException ignored) {
                        // The client went away.
                    }
                    exit.onExit(code);
                }
            }, "git-ssh " + command);
            t.setDaemon(true);
            t.start();
        }

        @Override
        public void destroy(ChannelSession channel) {}
    }

}
