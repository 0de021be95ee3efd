package io.gitopsbridge.image;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImageRefTest {
    @Test
    void theRepositoryKeepsARegistryPortAndDropsTagAndDigest() {
        assertThat(ImageRef.repository("registry.example.com:5000/team/app:1.4")).isEqualTo("registry.example.com:5000/team/app");
        assertThat(ImageRef.repository("team/app@sha256:00")).isEqualTo("team/app");
        assertThat(ImageRef.repository("localhost:5000/app")).isEqualTo("localhost:5000/app");
    }
}
