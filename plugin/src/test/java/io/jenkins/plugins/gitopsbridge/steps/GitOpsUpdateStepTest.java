package io.jenkins.plugins.gitopsbridge.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.testing.GitHttpServer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitopsUpdate} as a build runs it, minus Jenkins, against a Git HTTP server with authentication. */
class GitOpsUpdateStepTest {
    private static final String TOKEN = "canary-token-gitops-update-9f3a";
    private static final BuildInfo BUILD = new BuildInfo("team/api/main", 7, "team/api/main#7", "https://ci.example.com/job/api/7/");
    private static final CredentialsLookup CREDENTIALS = id -> {
        if (!id.equals("config-push")) {
            throw new IllegalArgumentException("No 'Username with password' credentials with ID '" + id
                    + "' are available to this build");
        }
        return new CredentialsLookup.UserPass("ci", TOKEN);
    };

    @TempDir
    static Path root;

    static GitHttpServer server;

    @BeforeAll
    static void start() throws Exception {
        server = GitHttpServer.start(Files.createDirectories(root.resolve("repos")), "ci", TOKEN);
        server.createRepository("config", Map.of(
                "apps/api/values.yaml", "image:\n  tag: '1.4.0'   # set by CI\n",
                "apps/api/deployment.yaml", "apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n"
                        + "      containers:\n      - name: api\n        image: registry.example.com/team/api:1.4.0\n"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void updatesTheImageAndReturnsTheCommit(@TempDir Path cache) throws Exception {
        GitOpsUpdateStep step = new GitOpsUpdateStep(server.url("config").toString());
        step.setCredentialsId("config-push");
        step.setImage("registry.example.com/team/api:1.5.0");
        step.setFile("apps/api/values.yaml");
        step.setPath("image.tag");
        WriteBackEdit deployment = new WriteBackEdit("apps/api/deployment.yaml");
        deployment.setImage("registry.example.com/team/api:1.5.0");
        deployment.setContainer("api");
        step.setEdits(List.of(deployment));
        step.setMessage("api ${newTag} from build ${buildNumber}");
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        Map<String, Object> result = GitOpsUpdateStep.run(step.request(CREDENTIALS, BUILD), cache,
                new PrintStream(log, true, StandardCharsets.UTF_8));

        assertThat(result).containsEntry("changed", true).containsEntry("branch", "main");
        Path bare = server.repository("config");
        assertThat(GitHttpServer.git(bare, "rev-parse", "main").trim()).isEqualTo(result.get("commit"));
        assertThat(GitHttpServer.git(bare, "show", "main:apps/api/values.yaml")).isEqualTo("image:\n  tag: '1.5.0'   # set by CI\n");
        assertThat(GitHttpServer.git(bare, "show", "main:apps/api/deployment.yaml")).contains("image: registry.example.com/team/api:1.5.0\n");
        assertThat(GitHttpServer.git(bare, "log", "-1", "--format=%B", "main"))
                .startsWith("api 1.5.0 from build 7\n\nGitOps-Bridge-Build: https://ci.example.com/job/api/7/\n");
        assertThat(log.toString(StandardCharsets.UTF_8)).contains("[gitops-bridge] Pushed ").doesNotContain(TOKEN);
    }

    @Test
    void argumentsThatCannotWorkAreRefusedBeforeCloning() {
        GitOpsUpdateStep nothing = new GitOpsUpdateStep("https://git.example.com/config.git");
        assertThatThrownBy(() -> nothing.request(CREDENTIALS, BUILD))
                .hasMessage("gitopsUpdate has nothing to change: give image and file, or edits");
        GitOpsUpdateStep half = new GitOpsUpdateStep("https://git.example.com/config.git");
        half.setImage("registry.example.com/team/api:1.5.0");
        assertThatThrownBy(() -> half.request(CREDENTIALS, BUILD)).hasMessage("gitopsUpdate: image and file go together");
        GitOpsUpdateStep badEdit = new GitOpsUpdateStep("https://git.example.com/config.git");
        WriteBackEdit onlyPath = new WriteBackEdit("values.yaml");
        onlyPath.setPath("image.tag");
        badEdit.setEdits(List.of(onlyPath));
        assertThatThrownBy(() -> badEdit.request(CREDENTIALS, BUILD))
                .hasMessage("edits[0] (values.yaml): give image, or path and value");
        GitOpsUpdateStep badImage = new GitOpsUpdateStep("https://git.example.com/config.git");
        badImage.setImage("registry.example.com/team/api");
        badImage.setFile("values.yaml");
        assertThatThrownBy(() -> badImage.request(CREDENTIALS, BUILD)).hasMessageStartingWith("'registry.example.com/team/api' is not an image reference");
        GitOpsUpdateStep unknownCredentials = new GitOpsUpdateStep("https://git.example.com/config.git");
        unknownCredentials.setImage("api:1");
        unknownCredentials.setFile("values.yaml");
        unknownCredentials.setPath("image.tag");
        unknownCredentials.setCredentialsId("nope");
        assertThatThrownBy(() -> unknownCredentials.request(CREDENTIALS, BUILD))
                .hasMessage("No 'Username with password' credentials with ID 'nope' are available to this build");
        // the constructor accepts anything (the Snippet Generator builds it from an empty form); the run refuses it
        assertThatThrownBy(() -> new GitOpsUpdateStep(" ").request(CREDENTIALS, BUILD))
                .hasMessage("gitopsUpdate needs repoUrl, the config repository");
    }
}
