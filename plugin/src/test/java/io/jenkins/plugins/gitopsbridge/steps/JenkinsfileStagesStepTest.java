package io.jenkins.plugins.gitopsbridge.steps;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.gitopsbridge.cluster.Cluster;
import io.gitopsbridge.pod.PodOptions;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.testing.ContainerRun;
import io.gitopsbridge.testing.KubernetesApi;
import io.gitopsbridge.testing.TestKubelet;
import io.jenkins.plugins.gitopsbridge.config.ClusterDefinition;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code jenkinsfileStages} as a build runs it, minus Jenkins: a Jenkinsfile in the workspace, the build's environment
 * and credentials → one Pod per stage on the test API (the kubelet played by a fixture) → each stage in the log.
 */
class JenkinsfileStagesStepTest {
    private static final String PASSWORD = "canary-token-jenkinsfile-3c1f";

    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static int counter;
    private String ns;
    private TestKubelet kubelet;
    private Cluster cluster;
    private final ByteArrayOutputStream buildLog = new ByteArrayOutputStream();
    private final BuildInfo build = new BuildInfo("team/api/main", 7, "team/api/main#7", "https://ci.example.com/job/team/job/api/job/main/7/");
    private final Map<String, String> workspace = new ConcurrentHashMap<>();

    private final CredentialsLookup credentials = new CredentialsLookup() {
        @Override
        public UserPass usernamePassword(String id) {
            if (!id.equals("registry")) {
                throw new IllegalArgumentException("No 'Username with password' credentials with ID '" + id + "'");
            }
            return new UserPass("ci-bot", PASSWORD);
        }

        @Override
        public String type(String id) {
            return id.equals("registry") ? "usernamePassword" : null;
        }
    };

    @BeforeEach
    void start() {
        ns = "jenkinsfile-" + ++counter;
        kubelet = TestKubelet.start(api, ns);
        ClusterDefinition definition = new ClusterDefinition("build");
        definition.setCredentialsId("build-kubeconfig");
        cluster = definition.connect(id -> api.kubeconfig("canary-token-jenkinsfile-kube", ns));
    }

    @AfterEach
    void stop() {
        cluster.close();
        kubelet.close();
    }

    private StepEnvironment env(SecretMask mask) {
        TaskResolver.Files files = new TaskResolver.Files() {
            @Override
            public Optional<String> read(String path) {
                return Optional.ofNullable(workspace.get(path));
            }

            @Override
            public List<String> directories(String path) {
                return List.of();
            }
        };
        return new StepEnvironment(new Images(PodOptions.DEFAULT_HELPER_IMAGE, "registry.example.com/tools/git:2.47", null),
                files, mask.recording(credentials), Map.of("BRANCH_NAME", "main", "BUILD_NUMBER", "7", "JOB_BASE_NAME", "main",
                "GIT_URL", "https://git.example.com/team/api.git", "GIT_COMMIT", "0123456789abcdef0123456789abcdef01234567"),
                BuildFiles.NONE);
    }

    private Object run(JenkinsfileStagesStep step) throws Exception {
        SecretMask mask = new SecretMask();
        return new StepRun(step.plan(env(mask)), build, new PrintStream(buildLog, true, StandardCharsets.UTF_8), null, null, mask)
                .run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);
    }

    private String log() {
        return buildLog.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aKubernetesAgentTwoParallelStagesCredentialsAndPostAlwaysRunAsPodsWithEachStageInTheLog() throws Exception {
        workspace.put("Jenkinsfile", """
                pipeline {
                    agent {
                        kubernetes {
                            yaml '''
                              spec:
                                containers:
                                - name: maven
                                  image: maven:3.9-eclipse-temurin-17
                                  command: [sleep]
                                  args: [infinity]
                            '''
                            defaultContainer 'maven'
                        }
                    }
                    environment { REGISTRY = credentials('registry') }
                    stages {
                        stage('Build') {
                            steps { sh 'mvn -B package' }
                        }
                        stage('Checks') {
                            parallel {
                                stage('Unit') { steps { sh 'mvn test' } }
                                stage('Lint') { steps { sh 'mvn checkstyle:check' } }
                            }
                        }
                        stage('Only on a release') {
                            when { branch 'release/*' }
                            steps { sh 'mvn deploy' }
                        }
                    }
                    post { always { echo 'done' } }
                }
                """);
        Map<String, Secret> secrets = new ConcurrentHashMap<>();
        CompletableFuture.runAsync(() -> {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (secrets.isEmpty() && System.nanoTime() < deadline) {
                api.client().secrets().inNamespace(ns).list().getItems().stream()
                        .filter(s -> s.getMetadata().getName().endsWith("-credentials"))
                        .forEach(s -> secrets.put(s.getMetadata().getName(), s));
            }
        });
        // Declarative's checkout in a Task of its own, then each stage's step, as the fixture's kubelet plays them.
        kubelet.script("step-checkout-1", ContainerRun.succeeds().withLog("Checked out\n"))
                .script("step-maven-1", ContainerRun.succeeds().withLog("ok\n"))
                .script(p -> p.getMetadata().getName().contains("-build-"), "step-maven-1", ContainerRun.succeeds()
                        .withLog("BUILD SUCCESS as ci-bot/" + PASSWORD + "\n"))
                .script("step-post-always-1", ContainerRun.succeeds().withLog("done\n"));
        JenkinsfileStagesStep step = new JenkinsfileStagesStep();
        step.setKeepPods("all");

        Object result = run(step);

        assertThat(result).as(log()).isEqualTo(Map.of("Declarative: Checkout SCM", "SUCCESS", "Build", "SUCCESS", "Unit", "SUCCESS",
                "Lint", "SUCCESS", "Declarative: Post Actions", "SUCCESS"));
        assertThat(log()).contains("[gitops-bridge] Stage 'Declarative: Checkout SCM': SUCCESS\n"
                + "[gitops-bridge] Stage 'Build': SUCCESS\n[gitops-bridge] Stage 'Unit': SUCCESS\n"
                + "[gitops-bridge] Stage 'Lint': SUCCESS\n[gitops-bridge] Stage 'Declarative: Post Actions': SUCCESS\n",
                "skipped: Jenkinsfile:26:9: stage Only on a release: skipped due to when conditional");
        // Each stage's steps in the log under the stage's Task.
        assertThat(log()).contains("[checkout-scm/checkout-1] Checked out", "[build/maven-1] BUILD SUCCESS", "[unit/maven-1] ok", "[lint/maven-1] ok", "[post/post-always-1] done");
        // The credential's password reached the Pod through the run's Secret and is masked where a step printed it.
        assertThat(log()).contains("BUILD SUCCESS as ci-bot/****").doesNotContain(PASSWORD);
        assertThat(secrets).as("a credentials Secret existed during the run").hasSize(1);
        Secret secret = secrets.values().iterator().next();
        assertThat(new String(Base64.getDecoder().decode(secret.getData().get("c0-password")), StandardCharsets.UTF_8))
                .isEqualTo(PASSWORD);
        assertThat(api.client().secrets().inNamespace(ns).withName(secret.getMetadata().getName()).get())
                .as("deleted when the run ended").isNull();

        List<Pod> pods = api.client().pods().inNamespace(ns).list().getItems();
        Pod build = pods.stream().filter(p -> p.getMetadata().getName().contains("-build")).findFirst().orElseThrow();
        Pod checkout = pods.stream().filter(p -> p.getMetadata().getName().contains("-checkout-scm")).findFirst().orElseThrow();
        // The checkout in the configured git image, the stage's steps in the Kubernetes agent's container.
        assertThat(checkout.getSpec().getContainers()).extracting(c -> c.getImage()).contains("registry.example.com/tools/git:2.47");
        assertThat(build.getSpec().getContainers()).extracting(c -> c.getImage()).contains("maven:3.9-eclipse-temurin-17");
        List<EnvVar> env = build.getSpec().getContainers().stream().filter(c -> c.getImage().startsWith("maven")).findFirst()
                .orElseThrow().getEnv();
        assertThat(env).anySatisfy(e -> {
            assertThat(e.getName()).isEqualTo("GB_C0_PASSWORD");
            assertThat(e.getValueFrom().getSecretKeyRef().getName()).isEqualTo(secret.getMetadata().getName());
        });
        assertThat(env).anySatisfy(e -> assertThat(e.getName() + "=" + e.getValue()).isEqualTo("REGISTRY_PSW=$(GB_C0_PASSWORD)"));
        assertThat(pods).noneMatch(p -> p.getMetadata().getName().contains("only-on"));
    }

    @Test
    void whatCannotBeTranslatedFailsBeforeAnythingStarts() {
        workspace.put("ci/Jenkinsfile", """
                pipeline {
                    agent any
                    stages {
                        stage('Approve') { steps { input 'Ship it?' } }
                    }
                }
                """);
        JenkinsfileStagesStep step = new JenkinsfileStagesStep();
        step.setFile("ci/Jenkinsfile");
        step.setAgentImage("jenkins/inbound-agent:3283.v92c105e0f819-1");
        assertThatThrownBy(() -> step.plan(env(new SecretMask())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("ci/Jenkinsfile cannot run as Task Pods; not translated: ci/Jenkinsfile:4:36: input: input waits"
                        + " for a person in Jenkins: split the Pipeline around it");
        workspace.put("ci/Jenkinsfile", "node { sh 'make' }\n");
        assertThatThrownBy(() -> step.plan(env(new SecretMask())))
                .hasMessageStartingWith("ci/Jenkinsfile:1:1: no pipeline {} block");
        assertThat(api.client().pods().inNamespace(ns).list().getItems()).isEmpty();
    }
    @Test
    void archivedArtifactsComeBackToTheBuildAndStayOutOfItsLog() throws Exception {
        workspace.put("Jenkinsfile", """
                pipeline {
                    agent { docker { image 'maven:3.9-eclipse-temurin-17' } }
                    stages {
                        stage('Package') {
                            steps {
                                sh 'mvn -B package'
                                archiveArtifacts artifacts: 'target/*.jar'
                            }
                        }
                    }
                }
                """);
        String tar = Base64.getMimeEncoder().encodeToString(io.gitopsbridge.testing.Tars.of(Map.of("target/app.jar",
                "jar bytes".getBytes(StandardCharsets.UTF_8))));
        // The Pod's step prints the files between the markers the translation wrote, as its script does.
        kubelet.script("step-checkout-1", ContainerRun.succeeds())
                .script("step-docker-1", ContainerRun.succeeds().withLog("BUILD SUCCESS\n::gitops-bridge-files archiveArtifacts 1::\n"
                        + tar.replace("\r\n", "\n") + "\n::gitops-bridge-files-end::\n"));
        RecordingBuildFiles files = new RecordingBuildFiles(true);

        Object result = runWith(files);

        assertThat(result).as(log()).isEqualTo(Map.of("Declarative: Checkout SCM", "SUCCESS", "Package", "SUCCESS"));
        Map<String, byte[]> archived = files.archived;
        assertThat(archived).containsOnlyKeys("target/app.jar");
        assertThat(new String(archived.get("target/app.jar"), StandardCharsets.UTF_8)).isEqualTo("jar bytes");
        assertThat(log()).contains("[package/docker-1] BUILD SUCCESS", "[package] Archived 1 artifact(s): target/app.jar")
                .doesNotContain("::gitops-bridge-files", tar.substring(0, 20));
    }
    private static final String JUNIT_PIPELINE = """
            pipeline {
                agent { docker { image 'maven:3.9-eclipse-temurin-17' } }
                stages {
                    stage('Test') {
                        steps {
                            sh 'mvn -B test'
                        }
                        post {
                            always {
                                junit testResults: 'target/surefire-reports/*.xml', skipMarkingBuildUnstable: true,
                                        healthScaleFactor: 2.0
                            }
                        }
                    }
                }
            }
            """;

    @Test
    void junitReportsAreRecordedAsTheBuildsTestResultsWithTheStepsOptions() throws Exception {
        workspace.put("Jenkinsfile", JUNIT_PIPELINE);
        String report = "<testsuite name='AppTest' tests='2' failures='1'><testcase name='a'/><testcase name='b'>"
                + "<failure message='boom'/></testcase></testsuite>";
        kubelet.script("step-checkout-1", ContainerRun.succeeds())
                .script("step-docker-1", ContainerRun.succeeds())
                .script("step-post-always-2", ContainerRun.succeeds().withLog(frame("junit 1",
                        Map.of("target/surefire-reports/TEST-AppTest.xml", report))));
        RecordingBuildFiles files = new RecordingBuildFiles(true);

        Object result = runWith(files);

        assertThat(result).as(log()).isEqualTo(Map.of("Declarative: Checkout SCM", "SUCCESS", "Test", "SUCCESS"));
        assertThat(files.reports).containsOnlyKeys("target/surefire-reports/TEST-AppTest.xml");
        assertThat(files.options).isEqualTo(Map.of("skipMarkingBuildUnstable", true, "healthScaleFactor", 2.0));
        assertThat(log()).contains("[test] Recorded test results from 1 report(s): 2 tests, 1 failed, 0 skipped")
                .doesNotContain("::gitops-bridge-files", "AppTest'");
    }

    @Test
    void reportsTheJUnitPluginCannotReadFailTheStepAsTheJunitStepWould() throws Exception {
        workspace.put("Jenkinsfile", JUNIT_PIPELINE);
        kubelet.script("step-checkout-1", ContainerRun.succeeds())
                .script("step-docker-1", ContainerRun.succeeds())
                .script("step-post-always-2", ContainerRun.succeeds().withLog(frame("junit 1",
                        Map.of("target/surefire-reports/TEST-AppTest.xml", "not xml"))));
        RecordingBuildFiles files = new RecordingBuildFiles(true);
        files.refuse = "Failed to read target/surefire-reports/TEST-AppTest.xml";

        assertThatThrownBy(() -> runWith(files)).isInstanceOf(StepFailedException.class)
                .hasMessage("junit at Jenkinsfile:10:21 in test: Failed to read target/surefire-reports/TEST-AppTest.xml");
        assertThat(log()).contains("[test] ERROR: junit at Jenkinsfile:10:21 in test: Failed to read");
    }

    @Test
    void withoutTheJUnitPluginAJunitStepIsRefusedBeforeAnyPod() {
        workspace.put("Jenkinsfile", JUNIT_PIPELINE);
        SecretMask mask = new SecretMask();
        StepEnvironment base = env(mask);
        StepEnvironment noJUnit = new StepEnvironment(base.images(), base.workspace(), base.credentials(), base.buildEnv(),
                new RecordingBuildFiles(false));

        assertThatThrownBy(() -> new JenkinsfileStagesStep().plan(noJUnit)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Jenkinsfile cannot run as Task Pods: junit at Jenkinsfile:10:21 needs the JUnit plugin, which"
                        + " is not installed here");
        assertThat(api.client().pods().inNamespace(ns).list().getItems()).isEmpty();
    }

    /** A step's log line frame around a tar of {@code files}, as the translated script prints it. */
    private static String frame(String header, Map<String, String> files) {
        Map<String, byte[]> bytes = new java.util.TreeMap<>();
        files.forEach((k, v) -> bytes.put(k, v.getBytes(StandardCharsets.UTF_8)));
        String tar = Base64.getMimeEncoder().encodeToString(io.gitopsbridge.testing.Tars.of(bytes));
        return "::gitops-bridge-files " + header + "::\n" + tar.replace("\r\n", "\n") + "\n::gitops-bridge-files-end::\n";
    }

    private Object runWith(BuildFiles files) throws Exception {
        SecretMask mask = new SecretMask();
        StepEnvironment base = env(mask);
        StepEnvironment withFiles = new StepEnvironment(base.images(), base.workspace(), base.credentials(), base.buildEnv(),
                files);
        return new StepRun(new JenkinsfileStagesStep().plan(withFiles), build,
                new PrintStream(buildLog, true, StandardCharsets.UTF_8), null, null, mask)
                .run(cluster, null, PodOptions.DEFAULT_HELPER_IMAGE, io.gitopsbridge.pod.PodPolicy.UNRESTRICTED);
    }

    /** The build's side: keeps what it is given; counts JUnit reports as the plugin would, by their testcase elements. */
    private static final class RecordingBuildFiles implements BuildFiles {
        final Map<String, byte[]> archived = new ConcurrentHashMap<>();
        final Map<String, byte[]> reports = new ConcurrentHashMap<>();
        volatile Map<String, Object> options;
        volatile String refuse;
        private final boolean junit;

        RecordingBuildFiles(boolean junit) {
            this.junit = junit;
        }

        @Override
        public void archive(Map<String, byte[]> files) {
            archived.putAll(files);
        }

        @Override
        public Tests recordTests(Map<String, byte[]> files, Map<String, Object> options) throws java.io.IOException {
            if (refuse != null) {
                throw new java.io.IOException(refuse);
            }
            reports.putAll(files);
            this.options = options;
            String all = String.join("", files.values().stream().map(b -> new String(b, StandardCharsets.UTF_8)).toList());
            return new Tests(all.split("<testcase", -1).length - 1, all.split("<failure", -1).length - 1, 0);
        }

        @Override
        public boolean recordsTests() {
            return junit;
        }
    }

    @Test
    void anSshKeyCredentialGoesInTheRunsSecretAndIsMasked() {
        SecretMask mask = new SecretMask();
        CredentialsLookup lookup = mask.recording(new CredentialsLookup() {
            @Override
            public UserPass usernamePassword(String id) {
                throw new IllegalArgumentException(id);
            }

            @Override
            public String type(String id) {
                return "sshUserPrivateKey";
            }

            @Override
            public SshKey sshKey(String id) {
                return new SshKey("git", "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                        "canary-passphrase-5e2d");
            }
        });
        io.gitopsbridge.jenkinsfile.Translator.Result result = io.gitopsbridge.jenkinsfile.Translator.translate(
                io.gitopsbridge.jenkinsfile.DeclarativeReader.read("Jenkinsfile", """
                        pipeline {
                            agent any
                            environment { DEPLOY_KEY = credentials('deploy-key') }
                            stages { stage('A') { steps { sh 'ssh -i "$DEPLOY_KEY" host true' } } }
                        }
                        """), new io.gitopsbridge.jenkinsfile.BuildContext(Map.of(), Map.of(), null, null, lookup::type),
                io.gitopsbridge.jenkinsfile.Translator.Settings.defaults("job").withAgentImage("alpine"));
        List<Secret> secrets = JenkinsfileStagesStep.secrets(result, "run-credentials", lookup);
        assertThat(secrets).singleElement().satisfies(s -> assertThat(s.getData()).containsOnlyKeys("c0-key", "c0-username",
                "c0-passphrase"));
        assertThat(mask.apply("key line b3BlbnNzaC1rZXktdjEAAAAA and canary-passphrase-5e2d"))
                .isEqualTo("key line **** and ****");
    }
    @Test
    void onlyTheBuildsOwnVariablesAndParametersReachThePods() {
        Map<String, String> env = new java.util.LinkedHashMap<>();
        env.put("BRANCH_NAME", "main");
        env.put("CHANGE_ID", "7");
        env.put("BUILD_NUMBER", "42");
        env.put("GIT_COMMIT", "abc");
        env.put("JENKINS_URL", "https://ci.example.com/");
        env.put("PATH", "/usr/bin:/opt/jenkins-agent/bin");
        env.put("HOME", "/home/jenkins");
        env.put("JAVA_HOME", "/opt/java");
        env.put("TOKEN", "from-withCredentials");
        env.put("TARGET", "staging");
        assertThat(JenkinsfileStagesStep.buildVariables(env, java.util.Set.of("TARGET"))).containsOnlyKeys("BRANCH_NAME",
                "CHANGE_ID", "BUILD_NUMBER", "GIT_COMMIT", "JENKINS_URL", "TARGET");
    }
}
