package io.gitopsbridge.updatesite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpdateCenterTest {
    @TempDir
    Path dir;

    @Test
    void describesAPluginAsJenkinsReadsIt() throws Exception {
        Path hpi = plugin("demo.hpi", "demo", "1.2.3",
                "credentials:1405.vb_cda_74a_f8974,configuration-as-code:1850.va_a_8c31d3158b_;resolution:=optional");

        JsonNode site = new ObjectMapper().readTree(UpdateCenter.json(
                "default", List.of(PluginArchive.read(hpi)), "", Instant.parse("2026-11-23T10:15:30.123Z"),
                "https://www.google.com/"));

        assertThat(site.get("updateCenterVersion").asInt()).isEqualTo(1);
        assertThat(site.get("id").asText()).isEqualTo("default");
        assertThat(site.get("connectionCheckUrl").asText()).isEqualTo("https://www.google.com/");
        JsonNode demo = site.get("plugins").get("demo");
        assertThat(demo.get("name").asText()).isEqualTo("demo");
        assertThat(demo.get("title").asText()).isEqualTo("Demo plugin");
        assertThat(demo.get("version").asText()).isEqualTo("1.2.3");
        assertThat(demo.get("url").asText()).isEqualTo("demo.hpi");
        assertThat(demo.get("requiredCore").asText()).isEqualTo("2.479.3");
        assertThat(demo.get("wiki").asText()).isEqualTo("https://example.com/demo");
        assertThat(demo.get("releaseTimestamp").asText()).isEqualTo("2026-11-23T10:15:30Z");
        byte[] bytes = Files.readAllBytes(hpi);
        assertThat(demo.get("sha256").asText()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes)));
        assertThat(demo.get("sha512").asText()).isEqualTo(
                Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-512").digest(bytes)));
        assertThat(demo.get("size").asLong()).isEqualTo(bytes.length);
        assertThat(demo.get("dependencies").toString()).isEqualTo(
                "[{\"name\":\"credentials\",\"version\":\"1405.vb_cda_74a_f8974\",\"optional\":false},"
                        + "{\"name\":\"configuration-as-code\",\"version\":\"1850.va_a_8c31d3158b_\",\"optional\":true}]");
    }

    @Test
    void aUrlPrefixMakesDownloadUrlsAbsolute() throws Exception {
        Path hpi = plugin("demo.hpi", "demo", "1.0", "");
        JsonNode site = new ObjectMapper().readTree(UpdateCenter.json(
                "internal", List.of(PluginArchive.read(hpi)), "https://jenkins-plugins.example.com/", Instant.EPOCH,
                "https://jenkins-plugins.example.com/"));
        assertThat(site.get("id").asText()).isEqualTo("internal");
        assertThat(site.at("/plugins/demo/url").asText()).isEqualTo("https://jenkins-plugins.example.com/demo.hpi");
        assertThat(site.at("/plugins/demo/dependencies").size()).isZero();
    }

    @Test
    void anArchiveThatIsNotAPluginIsNamed() throws Exception {
        Path hpi = plugin("broken.hpi", null, "1.0", "");
        assertThatThrownBy(() -> PluginArchive.read(hpi))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(hpi + " is not a Jenkins plugin: its manifest has no Short-Name");
    }

    @Test
    void aMalformedDependencyIsNamed() throws Exception {
        Path hpi = plugin("odd.hpi", "odd", "1.0", "credentials");
        assertThatThrownBy(() -> PluginArchive.read(hpi))
                .hasMessage(hpi + ": Plugin-Dependencies entry 'credentials' is not name:version[;resolution:=optional]");
    }

    private Path plugin(String file, String name, String version, String dependencies) throws IOException {
        Manifest manifest = new Manifest();
        Attributes main = manifest.getMainAttributes();
        main.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        if (name != null) {
            main.putValue("Short-Name", name);
            main.putValue("Long-Name", "Demo plugin");
        }
        main.putValue("Plugin-Version", version);
        main.putValue("Jenkins-Version", "2.479.3");
        main.putValue("Url", "https://example.com/demo");
        main.putValue("Plugin-Dependencies", dependencies);
        Path hpi = dir.resolve(file);
        try (OutputStream out = Files.newOutputStream(hpi); JarOutputStream jar = new JarOutputStream(out, manifest)) {
            jar.putNextEntry(new java.util.jar.JarEntry("WEB-INF/lib/"));
        }
        return hpi;
    }
}
