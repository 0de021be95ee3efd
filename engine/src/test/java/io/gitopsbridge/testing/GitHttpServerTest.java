package io.gitopsbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.transport.RemoteRefUpdate;
import org.eclipse.jgit.transport.UsernamePasswordCredentialsProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GitHttpServerTest {
    @TempDir
    static Path root;

    static GitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GitHttpServer.start(Files.createDirectories(root.resolve("repos")), "deployer", "s3cret-pw");
        server.createRepository("config", Map.of("apps/api/values.yaml", "image:\n  tag: \"1.0.0\" # pinned\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void jgitClonesAndPushesWithBasicAuth(@TempDir Path work) throws Exception {
        var credentials = new UsernamePasswordCredentialsProvider("deployer", "s3cret-pw");
        try (Git git = Git.cloneRepository()
                .setURI(server.url("config").toString())
                .setDirectory(work.toFile())
                .setCredentialsProvider(credentials)
                .call()) {
            assertThat(git.getRepository().getBranch()).isEqualTo("main");
            Path values = work.resolve("apps/api/values.yaml");
            assertThat(Files.readString(values)).contains("tag: \"1.0.0\"");
            Files.writeString(values, "image:\n  tag: \"1.1.0\" # pinned\n");
            git.commit().setAll(true).setMessage("api 1.1.0").setAuthor("CI", "ci@example.com").call();

            var results = git.push().setCredentialsProvider(credentials).call();

            assertThat(results.iterator().next().getRemoteUpdate("refs/heads/main").getStatus())
                    .isEqualTo(RemoteRefUpdate.Status.OK);
        }
        String log = GitHttpServer.git(server.repository("config"), "log", "--format=%s", "main");
        assertThat(log).startsWith("api 1.1.0\n");
    }

    @Test
    void theGitCliClonesToo(@TempDir Path work) throws Exception {
        String url = server.url("config").toString().replace("http://", "http://deployer:s3cret-pw@");
        GitHttpServer.git(work, "clone", "--quiet", url, "clone");
        assertThat(work.resolve("clone/apps/api/values.yaml")).exists();
    }

    @Test
    void aWrongPasswordIsRejected(@TempDir Path work) {
        assertThatThrownBy(() -> Git.cloneRepository()
                        .setURI(server.url("config").toString())
                        .setDirectory(work.toFile())
                        .setCredentialsProvider(new UsernamePasswordCredentialsProvider("deployer", "wrong"))
                        .call())
                .isInstanceOf(TransportException.class)
                .hasMessageContaining("not authorized");
    }
}
