package io.gitopsbridge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The transports JGit would reach: network ones pass, everything that reads this machine's disk is refused. */
class RemotesTest {
    @ParameterizedTest
    @ValueSource(strings = {"https://git.example.com/team/config.git", "http://127.0.0.1:8080/config.git",
            "ssh://git@git.example.com:2222/team/config.git", "git@github.com:team/config.git",
            "git://git.example.com/config.git", "git+ssh://git.example.com/config.git"})
    void networkUrlsAreAccepted(String url) {
        assertThatCode(() -> Remotes.requireNetwork(url)).doesNotThrowAnyException();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/var/jenkins_home/secrets", "../config", "file:///var/jenkins_home/config.git",
            "file:/etc", "config.bundle", "amazon-s3://.jgit@bucket/config.git", "sftp:///etc/repo",
            "file://localhost/etc/repo", "C:\\\\jenkins\\\\config"})
    void urlsThatReadThisMachinesDiskAreRefused(String url) {
        assertThatThrownBy(() -> Remotes.requireNetwork(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is not reachable over the network");
    }

    @Test
    void aCaCertificateIsForHttpsOnly() {
        assertThatThrownBy(() -> new GitSession("ssh://git@git.example.com/config.git", GitAuth.NONE, "PEM"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("A CA certificate applies to https:// repositories only, not ssh://git.example.com/config.git");
        assertThatThrownBy(() -> new GitSession("http://git.example.com/config.git", GitAuth.NONE, "PEM"))
                .hasMessageStartingWith("A CA certificate applies to https:// repositories only");
    }

    @Test
    void messagesNeverCarryTheUserInformation() {
        assertThatThrownBy(() -> Remotes.requireNetwork("file://ci:canary-token-remotes-5a1f@localhost/etc/repo"))
                .hasMessageNotContaining("canary-token-remotes-5a1f");
        assertThat(Remotes.safe("https://ci:canary-token-remotes-5a1f@git.example.com/config.git"))
                .isEqualTo("https://git.example.com/config.git");
    }
}
