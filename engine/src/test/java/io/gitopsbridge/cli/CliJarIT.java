package io.gitopsbridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.testing.KubernetesApi;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged {@code target/gitops-bridge.jar} as users do: {@code java -jar}. */
class CliJarIT {
    private static final Path JAR = Path.of("target", "gitops-bridge.jar");

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    record Result(int exit, String output) {}

    private static Result java(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), output);
    }

    @Test
    void helpAndVersionRun() throws Exception {
        Result help = java("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.output()).contains("Usage: gitops-bridge", "cluster-info");

        Result version = java("version");
        assertThat(version.exit()).isZero();
        assertThat(version.output().trim()).isEqualTo("gitops-bridge " + Version.current());
    }

    @Test
    void theShadedJarTalksToAKubernetesApi(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("config"), api.kubeconfig("canary-token-jar-0c1d", "ci"));

        Result info = java("cluster-info", "--kubeconfig", kubeconfig.toString());

        assertThat(info.exit()).as(info.output()).isZero();
        assertThat(info.output()).contains("version:    " + KubernetesApi.GIT_VERSION).doesNotContain("canary-token");
    }
}
