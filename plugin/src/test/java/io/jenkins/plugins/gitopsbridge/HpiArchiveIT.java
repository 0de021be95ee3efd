package io.jenkins.plugins.gitopsbridge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import hudson.Extension;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarInputStream;
import net.java.sezpoz.Index;
import net.java.sezpoz.IndexItem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opens the built {@code gitops-bridge.hpi} and checks it is what Jenkins 2.479.3 loads as a plugin. */
class HpiArchiveIT {
    private static final Path HPI = Path.of(System.getProperty("hpi.file", "target/gitops-bridge.hpi"));
    private static final String VERSION = System.getProperty("hpi.version");
    private static final String JENKINS = System.getProperty("jenkins.version");
    /** Packages only the stubs module (or Jenkins itself) may define. */
    private static final List<String> JENKINS_PACKAGES = List.of(
            "hudson/", "jenkins/", "org/kohsuke/stapler/", "org/jenkinsci/Symbol", "com/cloudbees/",
            "org/jenkinsci/plugins/plaincredentials/", "org/jenkinsci/plugins/workflow/", "net/sf/json/", "net/java/sezpoz/", "org/jvnet/hudson/");
    /** Libraries jenkins.war already ships; a second copy in the plugin is shadowed or conflicts. */
    private static final List<String> CORE_LIBRARIES = List.of(
            "slf4j-api", "jakarta.servlet-api", "guava", "spotbugs-annotations", "sezpoz", "annotation-indexer",
            "json-lib", "spring-security", "spring-core", "gitops-bridge-jenkins-stubs",
            // core ships jna 5.15.0 and commons-codec 1.17.1 and loads them first
            "jna-5", "jna-jpms", "commons-codec");

    @TempDir
    static Path unpacked;

    static JarFile hpi;
    static JarFile pluginJar;

    @BeforeAll
    static void open() throws IOException {
        hpi = new JarFile(HPI.toFile());
        Path inner = unpacked.resolve("gitops-bridge.jar");
        try (InputStream in = hpi.getInputStream(hpi.getEntry("WEB-INF/lib/gitops-bridge.jar"))) {
            Files.copy(in, inner);
        }
        pluginJar = new JarFile(inner.toFile());
    }

    @AfterAll
    static void close() throws IOException {
        pluginJar.close();
        hpi.close();
    }

    private static List<String> libraries() {
        return hpi.stream()
                .map(JarEntry::getName)
                .filter(n -> n.startsWith("WEB-INF/lib/") && n.endsWith(".jar"))
                .map(n -> n.substring("WEB-INF/lib/".length()))
                .toList();
    }

    @Test
    void hasThePluginLayout() {
        List<String> names = hpi.stream().map(JarEntry::getName).toList();
        assertThat(names).contains("META-INF/MANIFEST.MF", "WEB-INF/lib/gitops-bridge.jar", "META-INF/LICENSE",
                "images/gitops.svg");
        assertThat(names).noneMatch(n -> n.startsWith("WEB-INF/classes/"));
        // The Jenkinsfile parser uses core's groovy-all 2.4.21: a second Groovy would split its classes in two.
        assertThat(libraries()).noneMatch(l -> l.startsWith("groovy"));
        assertThat(libraries()).anyMatch(n -> n.matches("gitops-bridge-engine-.*\\.jar"))
                .anyMatch(n -> n.startsWith("kubernetes-client-"))
                .anyMatch(n -> n.startsWith("kubernetes-httpclient-jdk-"))
                .noneMatch(n -> n.startsWith("kubernetes-httpclient-vertx"))
                .noneMatch(n -> n.contains("-tests.jar") || n.startsWith("junit") || n.startsWith("kubernetes-server-mock"));
    }

    @Test
    void hasThePluginManifest() throws IOException {
        Attributes main = hpi.getManifest().getMainAttributes();
        assertThat(main.getValue("Short-Name")).isEqualTo("gitops-bridge");
        assertThat(main.getValue("Long-Name")).isEqualTo("GitOps Bridge");
        assertThat(main.getValue("Plugin-Version")).isEqualTo(VERSION);
        assertThat(main.getValue("Jenkins-Version")).isEqualTo(JENKINS).isEqualTo("2.479.3");
        assertThat(main.getValue("Hudson-Version")).isEqualTo(JENKINS);
        assertThat(main.getValue("Minimum-Java-Version")).isEqualTo("17");
        assertThat(main.getValue("Url")).startsWith("https://");
        assertThat(main.getValue("Group-Id")).isEqualTo("io.jenkins.plugins");
        assertThat(main.getValue("Artifact-Id")).isEqualTo("gitops-bridge");
        assertThat(main.getValue("Plugin-Developers")).isNotNull();
        assertThat(main.getValue("Plugin-Dependencies")).isEqualTo(System.getProperty("hpi.dependencies"));
        for (String dependency : main.getValue("Plugin-Dependencies").split(",")) {
            // name:exact-version, optionally ;resolution:=optional, as PluginWrapper.Dependency parses it
            assertThat(dependency).matches("[a-z0-9-]+:[0-9][A-Za-z0-9._-]*(;resolution:=optional)?");
        }
        assertThat(main.getValue("Plugin-Dependencies")).contains("credentials:1405.vb_cda_74a_f8974",
                "plain-credentials:183.va_de8f1dd5a_2b_");
    }

    @Test
    void thePluginJarCarriesAPluginManifestForJep200() throws IOException {
        Attributes main = pluginJar.getManifest().getMainAttributes();
        assertThat(main.getValue("Short-Name")).isEqualTo("gitops-bridge");
        assertThat(main.getValue("Plugin-Version")).isEqualTo(VERSION);
        assertThat(main.getValue("Jenkins-Version")).isEqualTo(JENKINS);
    }

    @Test
    void thePluginJarHoldsClassesViewsHelpAndIndexes() throws IOException {
        List<String> names = pluginJar.stream().map(JarEntry::getName).toList();
        String config = "io/jenkins/plugins/gitopsbridge/config/";
        assertThat(names).contains(
                "index.jelly",
                config + "GitOpsBridgeConfiguration.class",
                config + "ClusterDefinition$DescriptorImpl.class",
                config + "GitOpsBridgeConfiguration/config.jelly",
                config + "GitOpsBridgeConfiguration/help-clusters.html",
                config + "ClusterDefinition/config.jelly",
                config + "ClusterDefinition/help-name.html",
                config + "ClusterDefinition/help-credentialsId.html",
                config + "ClusterDefinition/help-context.html",
                config + "ClusterDefinition/help-namespace.html",
                "io/jenkins/plugins/gitopsbridge/steps/TaskPodStep/config.jelly",
                "io/jenkins/plugins/gitopsbridge/steps/PodStep/pod-options.jelly",
                "io/jenkins/plugins/gitopsbridge/steps/KanikoBuildStep/help.html",
                "io/jenkins/plugins/gitopsbridge/steps/GitOpsSyncStep/help-prune.html",
                config + "ApplicationDefinition/config.jelly",
                config + "GitOpsBridgeConfiguration/help-applications.html",
                "META-INF/annotations/hudson.Extension",
                "META-INF/annotations/org.jenkinsci.Symbol",
                "META-INF/annotations/hudson.init.Initializer",
                "META-INF/annotations/hudson.init.Terminator");
        for (String index : List.of("hudson.init.Initializer", "hudson.init.Terminator")) {
            assertThat(new String(pluginJar.getInputStream(pluginJar.getEntry("META-INF/annotations/" + index)).readAllBytes(),
                    StandardCharsets.UTF_8).lines()).as(index).contains("io.jenkins.plugins.gitopsbridge.controller.ControllerService");
        }
        String symbols = new String(pluginJar.getInputStream(pluginJar.getEntry("META-INF/annotations/org.jenkinsci.Symbol"))
                .readAllBytes(), StandardCharsets.UTF_8);
        assertThat(symbols.lines()).contains(
                "io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration",
                "io.jenkins.plugins.gitopsbridge.config.ClusterDefinition$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TaskPodStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TektonRunStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.KanikoBuildStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsUpdateStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsSyncStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsRollbackStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.JenkinsfileStagesStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TektonParam$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.NameValue$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.WriteBackEdit$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.ui.DashboardAction",
                "io.jenkins.plugins.gitopsbridge.ui.WebhookAction",
                "io.jenkins.plugins.gitopsbridge.ui.WebhookCrumbExclusion",
                "io.jenkins.plugins.gitopsbridge.ui.JobApplicationsAction$Factory");
    }

    @Test
    void theExtensionIndexListsEveryExtensionAsSezPozReadsIt() throws IOException {
        List<String> extensions = new ArrayList<>();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {Path.of(pluginJar.getName()).toUri().toURL()},
                HpiArchiveIT.class.getClassLoader())) {
            for (IndexItem<Extension, Object> item : Index.load(Extension.class, Object.class, loader)) {
                if (item.className().startsWith("io.jenkins.plugins.gitopsbridge.")) {
                    extensions.add(item.className());
                }
            }
        }
        assertThat(extensions).containsExactlyInAnyOrder(
                "io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration",
                "io.jenkins.plugins.gitopsbridge.config.ClusterDefinition$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TaskPodStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TektonRunStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.KanikoBuildStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsUpdateStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsSyncStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.GitOpsRollbackStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.JenkinsfileStagesStep$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.config.ApplicationDefinition$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.TektonParam$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.NameValue$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.steps.WriteBackEdit$DescriptorImpl",
                "io.jenkins.plugins.gitopsbridge.ui.DashboardAction",
                "io.jenkins.plugins.gitopsbridge.ui.WebhookAction",
                "io.jenkins.plugins.gitopsbridge.ui.WebhookCrumbExclusion",
                "io.jenkins.plugins.gitopsbridge.ui.JobApplicationsAction$Factory");
    }

    @Test
    void noStubOrCoreLibraryIsInside() throws IOException {
        assertThat(libraries()).noneMatch(n -> CORE_LIBRARIES.stream().anyMatch(n::startsWith));
        for (String library : libraries()) {
            try (JarInputStream jar = new JarInputStream(hpi.getInputStream(hpi.getEntry("WEB-INF/lib/" + library)))) {
                for (JarEntry e = jar.getNextJarEntry(); e != null; e = jar.getNextJarEntry()) {
                    String name = e.getName();
                    if (name.endsWith(".class")) {
                        assertThat(JENKINS_PACKAGES).as(library + " must not contain " + name)
                                .noneMatch(name::startsWith);
                    }
                }
            }
        }
    }

    @Test
    void jnaPlatformMatchesTheJnaCoreShips() {
        assertThat(libraries()).filteredOn(n -> n.startsWith("jna")).containsExactly("jna-platform-5.15.0.jar");
    }

    @Test
    void theUpdateCenterOffersThisArchive() throws Exception {
        JsonNode site = new ObjectMapper().readTree(Path.of(System.getProperty("update.center")).toFile());
        JsonNode plugin = site.at("/plugins/gitops-bridge");
        assertThat(site.get("updateCenterVersion").asInt()).isEqualTo(1);
        assertThat(plugin.get("version").asText()).isEqualTo(VERSION);
        assertThat(plugin.get("url").asText()).isEqualTo("gitops-bridge.hpi");
        assertThat(plugin.get("requiredCore").asText()).isEqualTo("2.479.3");
        assertThat(plugin.get("sha256").asText()).isEqualTo(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(HPI))));
        assertThat(plugin.get("dependencies").findValuesAsText("name")).containsExactly("credentials", "junit", "plain-credentials", "ssh-credentials", "structs",
                "workflow-step-api");
        // JUnit is used where it is installed: Jenkins loads the plugin without it.
        for (JsonNode d : plugin.get("dependencies")) {
            assertThat(d.get("optional").asBoolean()).as(d.get("name").asText()).isEqualTo(d.get("name").asText().equals("junit"));
            if (d.get("name").asText().equals("junit")) {
                assertThat(d.get("version").asText()).isEqualTo("1303.v05e2505656b_7");
            }
        }
    }
}
