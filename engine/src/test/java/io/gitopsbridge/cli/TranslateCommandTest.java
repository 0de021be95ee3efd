package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code gitops-bridge translate}: the PipelineRun on stdout, the report on stderr, nothing written when refused. */
@Timeout(30)
class TranslateCommandTest {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    }

    @Test
    void printsThePipelineRunWithTheSecretItNeedsAndTheReport(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Jenkinsfile"), """
                pipeline {
                    agent any
                    environment { REG = credentials('registry') }
                    stages {
                        stage('Build') { steps { sh 'make' } }
                        stage('Release') { when { branch 'release/*' }
                            steps { sh 'make release' } }
                    }
                }
                """);
        int code = run("translate", file.toString(), "--branch", "main", "--agent-image", "alpine:3.20", "--credential",
                "registry=usernamePassword");
        assertThat(code).as(err.toString()).isZero();
        assertThat(out.toString()).startsWith("# The run needs Secret jenkinsfile-credentials with:\n#   c0-username: the username"
                + " of credential registry\n").contains("kind: PipelineRun", "image: alpine:3.20");
        assertThat(err.toString()).contains("skipped: " + file + ":6:9: stage Release: skipped due to when conditional");
    }

    @Test
    void whatIsRefusedIsListedAndNoPipelineRunIsWritten(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("Jenkinsfile"), """
                pipeline {
                    agent any
                    stages { stage('Ship') { steps { input 'Ship it?' } } }
                }
                """);
        Path output = dir.resolve("run.yaml");
        assertThat(run("translate", file.toString(), "--agent-image", "alpine:3.20", "-o", output.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("not translated: " + file + ":3:38: input: input waits for a person in Jenkins",
                "gitops-bridge: 1 construct(s) not translated: no PipelineRun written");
        assertThat(output).doesNotExist();

        Files.writeString(file, "node { sh 'make' }\n");
        assertThat(run("translate", file.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("gitops-bridge: " + file + ":1:1: no pipeline {} block: not a declarative Pipeline");
    }
}
