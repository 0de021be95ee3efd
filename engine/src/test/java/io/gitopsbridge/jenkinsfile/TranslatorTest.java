package io.gitopsbridge.jenkinsfile;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.launch.RunFile;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.yaml.Trees;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

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
        System.out.println(Trees.yaml(r.pipelineRun()));
        r.report().lines().forEach(System.out::println);
        assertThat(r.report().refused()).isEmpty();
        assertThat(r.stages()).containsKeys("Build", "Unit", "Lint");
    }
}
