package io.gitopsbridge.jenkinsfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.yaml.Trees;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Jenkinsfiles translated into PipelineRuns our own Tekton reading accepts, with the report of what is not. */
@Timeout(30)
class TranslatorTest {
    static Translator.Result translate(String text, BuildContext context) {
        Declarative.Jenkinsfile jf = DeclarativeReader.read("Jenkinsfile", text);
        Translator.Result r = Translator.translate(jf, context, Translator.Settings.defaults("app").withAgentImage(
                "jenkins/inbound-agent:3283.v92c105e0f819-1"));
        // Every translation must read as a PipelineRun.
        RunFile.parse("pipelinerun.yaml", Trees.yaml(r.pipelineRun()), TaskResolver.NONE, TaskResolver.NO_FILES);
        return r;
    }

    @Test
    void aKubernetesAgentTwoParallelStagesCredentialsAndPostAlways() {
        Translator.Result r = translate("""
                pipeline {
                    agent {
                        kubernetes {
                            yaml '''
                              spec:
                                containers:
                                - {name: maven, image: maven:3.9-eclipse-temurin-17, command: [sleep], args: [infinity]}
                            '''
                            defaultContainer 'maven'
                        }
                    }
                    environment { DEPLOY = credentials('deploy') }
                    stages {
                        stage('Build') { steps { sh 'mvn -B package' } }
                        stage('Checks') {
                            parallel {
                                stage('Unit') { steps { sh "mvn test -Duser=${DEPLOY_USR}" } }
                                stage('Lint') { steps { container('jnlp') { echo 'lint' } } }
                            }
                        }
                    }
                    post { always { echo 'done' } }
                }
                """, new BuildContext(Map.of("BRANCH_NAME", "main", "BUILD_NUMBER", "7"), Map.of(), null, null,
                Map.of("deploy", "usernamePassword")));
        assertThat(r.report().refused()).isEmpty();
        assertThat(r.stages()).containsKeys("Build", "Unit", "Lint");
        String yaml = Trees.yaml(r.pipelineRun());
        // No limit where Jenkins has none; the agent's group may write the shared claim.
        assertThat(yaml).contains("timeout: 0s", "fsGroup: 1000", "umask 0002");
    }

    @TempDir
    Path agent;

    private LocalShellPods.Run runLocally(String jenkinsfile, BuildContext context, Map<String, String> secret) throws Exception {
        Translator.Result r = translate(jenkinsfile, context);
        assertThat(r.report().refused()).as("refused").isEmpty();
        return LocalShellPods.run(r.pipelineRun(), agent, secret);
    }

    @Test
    void shStepsSeeGroovysStringsTheirDirectoryAndEnvironmentAndValuesFlowBetweenStages() throws Exception {
        LocalShellPods.Run run = runLocally("""
                def GREETING = 'hello'
                pipeline {
                    agent any
                    environment { APP = 'demo'; TAG = "${APP}-${BUILD_NUMBER}" }
                    stages {
                        stage('Make') {
                            steps {
                                echo "tag ${env.TAG} on ${BRANCH_NAME}"
                                sh 'printf "%s|%s\\n" "$APP" "$TAG"'
                                sh "echo '${GREETING}, it costs \\$5'"
                                dir('sub/dir') {
                                    writeFile file: 'a.txt', text: 'one\\ntwo\\n'
                                    sh 'pwd | sed "s|.*/workspace/|ws/|"; cat a.txt'
                                }
                                withEnv(['COLOR=blue']) { sh 'echo "color=$COLOR"' }
                                sh 'echo "color=${COLOR:-none}"'
                                script {
                                    def sha = sh(returnStdout: true, script: 'printf "  abc123\\n\\n"').trim()
                                    env.SHA = sha
                                    def code = sh(returnStatus: true, script: 'exit 3')
                                    if (env.BRANCH_NAME == 'main') {
                                        echo "main at ${sha}"
                                    } else {
                                        echo 'not main'
                                    }
                                    if (fileExists('sub/dir/a.txt')) { echo 'file is there' }
                                }
                                stash name: 'out', includes: '**'
                            }
                        }
                        stage('Use') {
                            steps {
                                sh 'echo "sha=$SHA"'
                                echo "again ${env.SHA}"
                                deleteDir()
                                unstash 'out'
                                sh 'cat sub/dir/a.txt | head -1'
                            }
                        }
                    }
                }
                """, new BuildContext(Map.of("BRANCH_NAME", "main", "BUILD_NUMBER", "7"), Map.of(), null, null, Map.of()), Map.of());
        assertThat(run.status()).containsEntry("make", "Succeeded").containsEntry("use", "Succeeded");
        assertThat(run.log()).contains("tag demo-7 on main\n", "demo|demo-7\n", "hello, it costs $5\n", "ws/app/sub/dir\n", "+ cat a.txt\none\ntwo\n",
                "color=blue\n", "color=none\n", "main at abc123\n", "file is there\n", "sha=abc123\n", "again abc123\n");
        // sh -xe: each command is traced, as in a Jenkins log.
        assertThat(run.log()).contains("+ echo color=blue");
        assertThat(run.log()).doesNotContain("not main");
        assertThat(run.log().lines().filter(l -> l.equals("one")).count()).isEqualTo(2);
    }

    @Test
    void aFailingStageStopsTheNextRunsItsPostAndTheRunsPostInJenkinsOrder() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages {
                        stage('Test') {
                            steps {
                                sh 'echo testing; exit 4'
                                echo 'never'
                            }
                            post {
                                success { echo 'stage ok' }
                                always { echo 'stage always' }
                                failure { echo 'stage failed' }
                            }
                        }
                        stage('Deploy') { steps { echo 'deploying' } }
                    }
                    post {
                        success { echo 'all good' }
                        cleanup { echo 'cleanup last' }
                        failure { echo 'build failed' }
                        unsuccessful { echo 'unsuccessful' }
                        always { echo 'always first' }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.status()).containsEntry("test", "Failed").doesNotContainKey("deploy").containsEntry("post", "Succeeded");
        String log = run.log();
        assertThat(log).doesNotContain("never", "stage ok", "deploying", "all good");
        assertThat(log.indexOf("stage always")).isLessThan(log.indexOf("stage failed"));
        assertThat(log.indexOf("always first")).isPositive().isLessThan(log.indexOf("build failed"));
        // BuildCondition's ordinals: unsuccessful (650) before failure (500).
        assertThat(log.indexOf("unsuccessful")).isPositive().isLessThan(log.indexOf("build failed"));
        assertThat(log.indexOf("build failed")).isLessThan(log.indexOf("cleanup last"));
    }

    @Test
    void credentialsReachTheStepsByTheirJenkinsNames() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    environment { REG = credentials('registry') }
                    stages {
                        stage('Push') {
                            steps {
                                sh 'echo "user=$REG_USR pass=$REG_PSW both=$REG"'
                                withCredentials([string(credentialsId: 'token', variable: 'TOKEN')]) {
                                    sh 'echo "token=$TOKEN"'
                                }
                                sh 'echo "token outside=${TOKEN:-unset}"'
                            }
                        }
                    }
                }
                """, new BuildContext(Map.of(), Map.of(), null, null, Map.of("registry", "usernamePassword", "token", "string")),
                Map.of("c0-username", "bob", "c0-password", "s3cr$t", "c1-secret", "tok"));
        assertThat(run.log()).contains("user=bob pass=s3cr$t both=bob:s3cr$t\n", "token=tok\n", "token outside=unset\n");
    }

    @Test
    void whenIsDecidedForTheBuildAsJenkinsDecidesIt() throws Exception {
        String file = """
                pipeline {
                    agent any
                    parameters { booleanParam(name: 'DEPLOY', defaultValue: false) }
                    stages {
                        stage('Main only') { when { branch 'main' } steps { echo 'on main' } }
                        stage('Releases') { when { branch 'release/*' } steps { echo 'release' } }
                        stage('PRs') { when { changeRequest target: 'main' } steps { echo 'pr' } }
                        stage('Tags') { when { tag 'v*' } steps { echo 'tag' } }
                        stage('Deploy') { when { expression { params.DEPLOY } } steps { echo 'deploy' } }
                        stage('Not main') { when { not { branch 'main' } } steps { echo 'not main' } }
                    }
                }
                """.replace("} steps {", "}\n steps {");
        Translator.Result main = translate(file, new BuildContext(Map.of("BRANCH_NAME", "main"), Map.of(), null, null, Map.of()));
        assertThat(main.stages().keySet()).containsExactly("Main only");
        assertThat(main.report().entries()).filteredOn(e -> e.kind() == Report.Kind.SKIPPED).hasSize(5);
        Translator.Result release = translate(file, new BuildContext(Map.of("BRANCH_NAME", "release/1.2"), Map.of("DEPLOY", "true"),
                null, null, Map.of()));
        assertThat(release.stages().keySet()).containsExactly("Releases", "Deploy", "Not main");
        Translator.Result pr = translate(file, new BuildContext(Map.of("BRANCH_NAME", "PR-5", "CHANGE_ID", "5", "CHANGE_TARGET",
                "main"), Map.of(), null, null, Map.of()));
        assertThat(pr.stages().keySet()).containsExactly("PRs", "Not main");
        Translator.Result tag = translate(file, new BuildContext(Map.of("BRANCH_NAME", "v1.0", "TAG_NAME", "v1.0"), Map.of(), null,
                null, Map.of()));
        assertThat(tag.stages().keySet()).containsExactly("Tags", "Not main");
    }

    @Test
    void whatCannotBeTranslatedIsReportedWithItsPlace() {
        Translator.Result r = translate("""
                @Library('shared') _
                def helper() { return 1 }
                pipeline {
                    agent any
                    options { timeout(time: 1, unit: 'HOURS'); timestamps() }
                    stages {
                        stage('A') {
                            steps {
                                input 'Deploy?'
                                slackSend channel: '#ci', message: 'hi'
                                script { for (i in [1, 2]) { echo "${i}" } }
                            }
                        }
                        stage('B') { when { changeset '**/*.js' } steps { echo 'js' } }
                    }
                    post { changed { echo 'changed' } unstable { echo 'unstable' } }
                }
                """.replace("} steps {", "}\n steps {").replace("} unstable", "}\n unstable"), BuildContext.NONE);
        assertThat(r.report().refused()).extracting(Report.Entry::construct).contains("input", "slackSend", "for",
                "when changeset", "post changed", "method");
        assertThat(r.report().refused()).extracting(e -> e.at().line()).contains(9, 10, 11, 14, 17, 2);
        assertThat(r.report().entries()).filteredOn(e -> e.kind() == Report.Kind.DIFFERENCE)
                .extracting(Report.Entry::construct).contains("post unstable");
    }

    @Test
    void checkoutScmTakesTheBuildsCommitAndTheGitStepABranchTip() throws Exception {
        Path repo = agent.resolveSibling(agent.getFileName() + "-repo");
        git(repo.getParent(), "init", "-q", "-b", "main", repo.toString());
        java.nio.file.Files.writeString(repo.resolve("README"), "first\n");
        git(repo, "add", "README");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-m", "first");
        String first = git(repo, "rev-parse", "HEAD").trim();
        java.nio.file.Files.writeString(repo.resolve("README"), "second\n");
        git(repo, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-q", "-am", "second");
        String url = repo.toUri().toString();
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages {
                        stage('Build') { steps { sh 'cat README; git rev-parse HEAD' } }
                        stage('Tip') { steps { dir('tip') { git url: '%s', branch: 'main' }; sh 'cat tip/README' } }
                    }
                }
                """.formatted(url), new BuildContext(Map.of(), Map.of(), url, first, Map.of()), Map.of());
        // The implicit checkout takes the build's commit, not the branch's tip; the git step takes the tip.
        assertThat(run.log()).contains("+ cat README\nfirst\n", first + "\n", "+ cat tip/README\nsecond\n");
    }

    private static String git(Path dir, String... args) throws Exception {
        java.util.List<String> command = new java.util.ArrayList<>(java.util.List.of("git"));
        command.addAll(java.util.List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }
    @Test
    void scriptVariablesWithoutDefLiveOnInLaterStagesAsInGroovysBinding() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    parameters { string(name: 'PORT', defaultValue: '') }
                    stages {
                        stage('Version') {
                            steps {
                                script {
                                    version = sh(returnStdout: true, script: 'echo 1.4.2').trim()
                                    label = 'fixed'
                                    if (fileExists('missing.txt')) { label = 'had file' } else { label = 'no file' }
                                    def port = params.PORT ?: '8080'
                                    echo "port ${port}"
                                    echo '''\\
                                        indented
                                          more'''.stripIndent()
                                }
                            }
                        }
                        stage('Use') { steps { echo "version ${version}, ${label}" } }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.log()).contains("port 8080\n", "indented\n  more\n", "version 1.4.2, no file\n");
    }
    @Test
    void dockerImageInsideRunsItsBlockInThatImage() {
        Translator.Result r = translate("""
                pipeline {
                    agent any
                    stages {
                        stage('Test') {
                            steps {
                                script {
                                    docker.image('node:20').inside { sh 'npm test' }
                                    docker.build('app:1')
                                }
                            }
                        }
                    }
                }
                """, BuildContext.NONE);
        assertThat(Trees.yaml(r.pipelineRun())).contains("image: node:20");
        assertThat(r.report().refused()).singleElement().satisfies(e -> assertThat(e.toString())
                .isEqualTo("Jenkinsfile:8:21: docker: docker.build(…) is a Groovy method call (a plugin's global such as docker,"
                        + " or an object's method), which is not translated"));
    }
    @Test
    void aGitScmCheckoutIsTheGitStepOfItsOneRemoteAndBranch() {
        Translator.Result r = translate("""
                pipeline {
                    agent any
                    stages {
                        stage('Get') {
                            steps {
                                checkout([$class: 'GitSCM', branches: [[name: '*/develop']], extensions: [],
                                          userRemoteConfigs: [[url: 'https://git.example.com/app.git']]])
                                checkout scmGit(branches: [[name: 'release/*']], userRemoteConfigs: [[url: 'https://x/y.git']])
                            }
                        }
                    }
                }
                """, BuildContext.NONE);
        assertThat(Trees.yaml(r.pipelineRun())).contains("git remote add origin 'https://git.example.com/app.git'",
                "git fetch -q origin \"+refs/heads/\"'develop'\":refs/remotes/origin/\"'develop'");
        assertThat(r.report().refused()).singleElement().satisfies(e -> assertThat(e.reason())
                .isEqualTo("branch specifier release/* is not translated (a branch name is)"));
    }
    @Test
    void junitAndArchiveArtifactsSendTheFilesTheirAntPatternsMatchBackThroughTheLog() throws Exception {
        Declarative.Jenkinsfile jf = DeclarativeReader.read("Jenkinsfile", """
                pipeline {
                    agent any
                    stages {
                        stage('Build') {
                            steps {
                                sh 'mkdir -p target/sub reports/deep .git && echo jar > target/app.jar && echo x > target/sub/x.jar'
                                sh 'ln -s app.jar target/link.jar'
                                sh 'echo "<testsuite/>" > reports/a.xml && echo "<t/>" > reports/deep/b.xml && echo no > .git/c.xml'
                                archiveArtifacts artifacts: 'target/*.jar', fingerprint: true
                                junit testResults: '**/*.xml', skipMarkingBuildUnstable: true, healthScaleFactor: 2
                                archiveArtifacts artifacts: 'none/*', allowEmptyArchive: true
                            }
                        }
                        stage('Missing') { steps { archiveArtifacts 'dist/**' } }
                    }
                }
                """);
        Translator.Result r = Translator.translate(jf, BuildContext.NONE, Translator.Settings.defaults("app")
                .withAgentImage("busybox").collecting());
        LocalShellPods.Run run = LocalShellPods.run(r.pipelineRun(), agent, Map.of());
        java.util.List<FileCollector.Files> received = new java.util.ArrayList<>();
        StringBuilder shown = new StringBuilder();
        FileCollector collector = new FileCollector(io.gitopsbridge.taskrun.LogSink.printing(l -> shown.append(l).append('\n'),
                e -> shown.append(e).append('\n')), received::add, 1 << 20);
        run.log().lines().forEach(l -> collector.line("build/jnlp-1", l));

        assertThat(received).extracting(f -> f.step() + " " + f.id()).containsExactly("archiveArtifacts 1", "junit 2");
        assertThat(r.collected()).extracting(c -> c.id() + " " + c.step() + " " + c.at() + " " + c.options()).containsExactly(
                "1 archiveArtifacts Jenkinsfile:9:17 {}",
                "2 junit Jenkinsfile:10:17 {skipMarkingBuildUnstable=true, healthScaleFactor=2.0}",
                "3 archiveArtifacts Jenkinsfile:11:17 {}", "4 archiveArtifacts Jenkinsfile:14:36 {}");
        assertThat(r.report().lines()).anyMatch(l -> l.contains("fingerprints of the artifacts are not recorded"));
        // followSymlinks is true by default: a link is archived with the content it points to.
        assertThat(received.get(0).files()).containsOnlyKeys("target/app.jar", "target/link.jar");
        assertThat(received.get(0).files().get("target/link.jar")).isEqualTo(received.get(0).files().get("target/app.jar"));
        assertThat(new String(received.get(0).files().get("target/app.jar"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("jar\n");
        // Ant's **/ crosses directories, * does not; version-control directories are left out.
        assertThat(received.get(1).files()).containsOnlyKeys("reports/a.xml", "reports/deep/b.xml");
        assertThat(shown.toString()).doesNotContain("::gitops-bridge-files");
        // Nothing matched and nothing allowed: the stage fails with Jenkins' message.
        assertThat(run.status()).containsEntry("missing", "Failed");
        assertThat(run.log()).contains("ERROR: No artifacts found that match the file pattern \"dist/**\". Configuration error?");
    }

    @Test
    void aTarFromThePodIsReadBackWithItsPaths() {
        Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        files.put("target/app.jar", "jar".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        files.put("empty.txt", new byte[0]);
        assertThat(FileCollector.untar(io.gitopsbridge.testing.Tars.of(files))).containsOnlyKeys("target/app.jar", "empty.txt");
    }
    @Test
    void theContainersOwnPathCanBeExtendedAsOnAnAgent() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    environment { PATH = "/opt/tools/bin:${PATH}" }
                    stages {
                        stage('Path') {
                            steps {
                                sh 'echo "$PATH" | cut -d: -f1'
                                withEnv(['PATH+MAVEN=/opt/maven/bin']) { sh 'echo "$PATH" | cut -d: -f1-2' }
                            }
                        }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.log()).contains("\n/opt/tools/bin\n", "\n/opt/maven/bin:/opt/tools/bin\n");
    }
    @Test
    void fileAndKeyCredentialsAreFilesOnlyTheStepsUserMayRead() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages {
                        stage('Deploy') {
                            steps {
                                withCredentials([file(credentialsId: 'kubeconfig', variable: 'KUBECONFIG'),
                                                 sshUserPrivateKey(credentialsId: 'deploy-key', keyFileVariable: 'KEY',
                                                                   usernameVariable: 'KEY_USER')]) {
                                    sh 'cat "$KUBECONFIG"; head -1 "$KEY"; echo "user=$KEY_USER"; stat -c %a "$KEY"'
                                }
                            }
                        }
                    }
                }
                """, new BuildContext(Map.of(), Map.of(), null, null, Map.of("kubeconfig", "file", "deploy-key",
                "sshUserPrivateKey")), Map.of("c0-file", "apiVersion: v1\n", "c1-key", "-----BEGIN OPENSSH PRIVATE KEY-----\n",
                "c1-username", "deployer", "c1-passphrase", ""));
        assertThat(run.log()).contains("\napiVersion: v1\n", "\n-----BEGIN OPENSSH PRIVATE KEY-----\n", "user=deployer\n",
                "\n600\n");
    }
    @Test
    void valuesWithQuotesBackslashesAndNewlinesSurviveTheFilesLaterStepsRead() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages {
                        stage('One') {
                            steps {
                                script {
                                    env.MSG = "don't panic"
                                    writeFile file: 'v.txt', text: "it's a \\\\ back\\nslash\\n"
                                    def subject = readFile('v.txt')
                                    env.SUBJECT = subject
                                    kept = subject
                                }
                            }
                            post { always { echo "post: ${env.MSG}" } }
                        }
                        stage('Two') { steps { sh 'printf "%s|%s" "$MSG" "$SUBJECT"'; echo "kept=${kept}" } }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.status()).containsEntry("one", "Succeeded").containsEntry("two", "Succeeded");
        assertThat(run.log()).contains("post: don't panic\n", "don't panic|it's a \\ back\nslash\n", "kept=it's a \\ back\nslash\n");
    }

    @Test
    void assignmentsInsideBlocksChangeTheOuterVariableAsInGroovy() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages {
                        stage('Tag') {
                            steps {
                                script {
                                    def tag = 'dev'
                                    if (env.BRANCH_NAME == 'main') { tag = 'prod' }
                                    echo "known: ${tag}"
                                    def flavour = 'plain'
                                    if (fileExists('nothing-here')) { flavour = 'with file' }
                                    echo "runtime: ${flavour}"
                                    def v = 'orig'
                                    dir('sub') { v = sh(returnStdout: true, script: 'echo changed').trim() }
                                    echo "dir: ${v}"
                                }
                            }
                        }
                    }
                }
                """, new BuildContext(Map.of("BRANCH_NAME", "main"), Map.of(), null, null, Map.of()), Map.of());
        assertThat(run.log()).contains("known: prod\n", "runtime: plain\n", "dir: changed\n");
    }

    @Test
    void aRightSideThatRunsAStepAfterALeftSideOnlyThePodDecidesIsRefused() {
        Translator.Result r = translate("""
                pipeline {
                    agent any
                    stages {
                        stage('Сборка') {
                            steps {
                                script {
                                    if (fileExists('a') || sh(returnStdout: true, script: 'echo x')) { echo 'yes' }
                                }
                            }
                        }
                    }
                }
                """, BuildContext.NONE);
        assertThat(r.report().refused()).singleElement().satisfies(e -> assertThat(e.reason()).startsWith("|| whose right side"));
        // A name with nothing ASCII in it still makes a valid Task name.
        assertThat(r.stages().get("Сборка")).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
    }
    @Test
    void aFailingPostBlockFailsTheRunAndTheConditionsAfterItSeeAFailure() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    stages { stage('Build') { steps { echo 'built' } } }
                    post {
                        always { sh 'exit 3' }
                        success { echo 'success ran' }
                        failure { echo 'failure ran' }
                        cleanup { echo 'cleanup ran' }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.status()).containsEntry("build", "Succeeded").containsEntry("post", "Failed");
        assertThat(run.log()).contains("failure ran", "cleanup ran").doesNotContain("success ran");
    }
    @Test
    void whenConditionsCompareAsJenkinsComparatorsDo() {
        String file = """
                pipeline {
                    agent any
                    environment { KIND = 'Release/*' }
                    stages {
                        stage('Set') { steps { script { env.DEPLOY = 'yes' } } }
                        stage('Glob ignores case') { when { branch 'release/*' }
                            steps { echo 'a' } }
                        stage('Environment is exact') { when { environment name: 'BRANCH_NAME', value: 'Release/*' }
                            steps { echo 'b' } }
                        stage('Set by a stage before') { when { environment name: 'DEPLOY', value: 'yes' }
                            steps { echo 'c' } }
                        stage('Unset is empty') { when { environment name: 'NOT_SET', value: '' }
                            steps { echo 'd' } }
                        stage('Own environment unseen') { environment { OWN = 'on' }
                            when { environment name: 'OWN', value: 'on' }
                            steps { echo 'e' } }
                    }
                }
                """;
        Translator.Result r = translate(file, new BuildContext(Map.of("BRANCH_NAME", "Release/1.0"), Map.of(), null, null, Map.of()));
        assertThat(r.stages().keySet()).containsExactly("Set", "Glob ignores case", "Set by a stage before", "Unset is empty");
        Translator.Result pr = translate("""
                pipeline {
                    agent any
                    stages {
                        stage('PR to rel*') { when { changeRequest target: 'rel*' }
                            steps { echo 'x' } }
                        stage('PR to rel* as a glob') { when { changeRequest target: 'rel*', comparator: 'GLOB' }
                            steps { echo 'y' } }
                    }
                }
                """, new BuildContext(Map.of("CHANGE_ID", "7", "CHANGE_TARGET", "release"), Map.of(), null, null, Map.of()));
        // changeRequest compares with EQUALS unless told otherwise.
        assertThat(pr.stages().keySet()).containsExactly("PR to rel* as a glob");
    }
    @Test
    void envAssignmentsDoNotChangeWhatAnEnvironmentDirectiveSets() throws Exception {
        LocalShellPods.Run run = runLocally("""
                pipeline {
                    agent any
                    environment { FOO = 'fromDirective' }
                    stages {
                        stage('A') {
                            steps {
                                script { env.FOO = 'fromScript'; env.BAR = 'bar' }
                                echo "groovy ${env.FOO} ${env.BAR}"
                                sh 'echo "sh $FOO $BAR"'
                            }
                        }
                        stage('B') { steps { sh 'echo "later $FOO $BAR"' } }
                    }
                }
                """, BuildContext.NONE, Map.of());
        assertThat(run.log()).contains("groovy fromDirective bar\n", "sh fromDirective bar\n", "later fromDirective bar\n");
    }
}
