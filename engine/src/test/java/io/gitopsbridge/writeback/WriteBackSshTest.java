package io.gitopsbridge.writeback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.GitSshServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Write-backs over SSH: key authentication and strict host key checking against a real SSH Git server. */
class WriteBackSshTest {
    private static final WriteBackRequest.Identity CI = new WriteBackRequest.Identity("GitOps Bridge", "ci@example.com");

    @TempDir
    static Path root;

    static GitHttpServer repos;
    static GitSshServer ssh;
    static KeyPair clientKey;

    @BeforeAll
    static void start() throws Exception {
        repos = GitHttpServer.startAnonymous(Files.createDirectories(root.resolve("repos")));
        repos.createRepository("config", Map.of("values.yaml", "image:\n  tag: \"1.0\" # CI\n"));
        clientKey = GitSshServer.generate();
        ssh = GitSshServer.start(root.resolve("repos"), clientKey.getPublic());
    }

    @AfterAll
    static void stop() throws Exception {
        ssh.close();
        repos.close();
    }

    private static WriteBackRequest request(GitAuth auth, String tag) {
        return WriteBackRequest.of(ssh.url("config"), "main", auth,
                List.of(new Edit.SetValue("values.yaml", "image.tag", tag, false)), CI);
    }

    @Test
    void pushesWithAKeyToAKnownHost(@TempDir Path cache) throws Exception {
        GitAuth auth = new GitAuth.SshKey(GitSshServer.openSshPrivateKey(clientKey), null, ssh.knownHosts());

        WriteBackResult result = new WriteBack(cache).run(request(auth, "1.1"), s -> {});

        assertThat(result.changed()).isTrue();
        assertThat(GitHttpServer.git(repos.repository("config"), "show", "main:values.yaml")).isEqualTo("image:\n  tag: \"1.1\" # CI\n");
    }

    @Test
    void anUnknownHostKeyIsRefused(@TempDir Path cache) throws Exception {
        KeyPair someoneElse = GitSshServer.generate();
        String wrongHost = ssh.knownHosts().replaceFirst(" .*", " " + org.apache.sshd.common.config.keys.PublicKeyEntry
                .toString(someoneElse.getPublic()));
        GitAuth auth = new GitAuth.SshKey(GitSshServer.openSshPrivateKey(clientKey), null, wrongHost);

        assertThatThrownBy(() -> new WriteBack(cache).run(request(auth, "1.2"), s -> {}))
                .isInstanceOf(WriteBackException.class)
                .hasMessageContaining("host key");
    }

    @Test
    void aKeyTheServerDoesNotKnowIsRefusedWithoutEchoingIt(@TempDir Path cache) throws Exception {
        String stranger = GitSshServer.openSshPrivateKey(GitSshServer.generate());
        GitAuth auth = new GitAuth.SshKey(stranger, null, ssh.knownHosts());

        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> new WriteBack(cache).run(request(auth, "1.3"), s -> {}));

        assertThat(thrown).isInstanceOf(WriteBackException.class).hasMessageStartingWith("Authentication to ssh://");
        assertThat(thrown.toString()).doesNotContain("PRIVATE KEY");
        assertThatThrownBy(() -> new GitAuth.SshKey(stranger, null, " "))
                .hasMessageStartingWith("SSH needs the Git server's known_hosts lines");
    }
}
