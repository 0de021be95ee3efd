package io.gitopsbridge.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.eclipse.jgit.transport.CredentialItem;
import org.eclipse.jgit.transport.CredentialsProvider;
import org.eclipse.jgit.transport.URIish;
import org.eclipse.jgit.transport.sshd.SshdSessionFactory;
import org.eclipse.jgit.transport.sshd.SshdSessionFactoryBuilder;

/**
 * An SSH session factory for one session: the key and the known hosts live in a private temporary directory
 * for the session only, no {@code ~/.ssh} is read, and host keys are checked strictly.
 */
final class SshTransport implements AutoCloseable {
    private final Path dir;
    private final SshdSessionFactory factory;

    SshTransport(GitAuth.SshKey key) {
        try {
            dir = Files.createTempDirectory("gitops-bridge-ssh", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwx------")));
            Path identity = dir.resolve("id");
            Files.writeString(identity, key.privateKey().endsWith("\n") ? key.privateKey() : key.privateKey() + "\n",
                    StandardCharsets.UTF_8);
            Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
            Path knownHosts = Files.writeString(dir.resolve("known_hosts"), key.knownHosts(), StandardCharsets.UTF_8);
            // IdentitiesOnly: no SSH agent keys of the Jenkins process user are offered.
            Path config = Files.writeString(dir.resolve("config"), "Host *\n  StrictHostKeyChecking yes\n"
                    + "  IdentitiesOnly yes\n  IdentityFile \"" + identity + "\"\n", StandardCharsets.UTF_8);
            factory = new SshdSessionFactoryBuilder()
                    .setHomeDirectory(dir.toFile())
                    .setSshDirectory(dir.toFile())
                    .setConfigFile(f -> config.toFile())
                    .setDefaultKnownHostsFiles(f -> List.of(knownHosts))
                    .setDefaultIdentities(f -> List.of(identity))
                    .setKeyPasswordProvider(provider -> new org.eclipse.jgit.transport.sshd.IdentityPasswordProvider(provider))
                    .build(null);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare the SSH key: " + e.getMessage(), e);
        }
    }

    /** Answers the key's passphrase, and nothing else: an unknown host key is never accepted on request. */
    static CredentialsProvider passphrase(GitAuth.SshKey key) {
        return new CredentialsProvider() {
            @Override
            public boolean isInteractive() {
                return false;
            }

            @Override
            public boolean supports(CredentialItem... items) {
                return true;
            }

            @Override
            public boolean get(URIish uri, CredentialItem... items) {
                for (CredentialItem item : items) {
                    if (item instanceof CredentialItem.Password p && key.passphrase() != null) {
                        p.setValue(key.passphrase().toCharArray());
                    } else if (item instanceof CredentialItem.YesNoType yesNo) {
                        yesNo.setValue(false);
                    } else {
                        return false;
                    }
                }
                return true;
            }
        };
    }

    void configure(org.eclipse.jgit.transport.Transport transport) {
        if (transport instanceof org.eclipse.jgit.transport.SshTransport ssh) {
            ssh.setSshSessionFactory(factory);
        }
    }

    @Override
    public void close() {
        factory.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // The directory is private to this process; the OS removes temporary files eventually.
        }
    }
}
