package io.gitopsbridge.jenkinsfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.jenkinsfile.Declarative.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Reading the pipeline {} block: every section, positions, and the declarative validator's refusals. */
@Timeout(30)
class DeclarativeReaderTest {
    private static final String FILE = """
            def IMAGE_TAG = 'v1'
            pipeline {
                agent {
                    kubernetes {
                        yaml '''
                          spec:
                            containers: [{name: maven, image: maven:3.9, command: [sleep], args: [infinity]}]
                        '''
                        defaultContainer 'maven'
                    }
                }
                environment {
                    REGISTRY = 'registry.example.com'
                    DEPLOY = credentials('deploy-token')
                }
                options { timeout(time: 30, unit: 'MINUTES') }
                parameters { string(name: 'TARGET', defaultValue: 'staging', description: 'Where') }
                stages {
                    stage('Build') {
                        steps {
                            sh "mvn -B package -Dtag=${IMAGE_TAG}"
                            container('maven') { sh 'mvn -v' }
                        }
                    }
                    stage('Checks') {
                        when { allOf { branch 'main'; not { changeRequest() } }; beforeAgent true }
                        parallel {
                            stage('Unit') { steps { sh 'make test' } }
                            stage('Lint') {
                                agent { docker { image 'golangci/golangci-lint:v1.59'; args '-u root' } }
                                steps { sh 'make lint' }
                            }
                        }
                    }
                    stage('Matrix') {
                        matrix {
                            axes { axis { name 'OS'; values 'linux', 'windows' } }
                            excludes { exclude { axis { name 'OS'; notValues 'linux' } } }
                            stages { stage("Test on ${OS}") { steps { echo "on ${OS}" } } }
                        }
                    }
                }
                post { always { junit 'target/*.xml' }; failure { echo 'failed' } }
            }
            """;

    @Test
    void everySectionIsReadWithItsPosition() {
        Declarative.Jenkinsfile jf = DeclarativeReader.read("Jenkinsfile", FILE);
        Declarative.Pipeline p = jf.pipeline();
        assertThat(jf.outside()).singleElement().isInstanceOf(Stmt.Define.class);
        assertThat(p.agent().type()).isEqualTo("kubernetes");
        assertThat(p.agent().setting("defaultContainer")).isEqualTo("maven");
        assertThat(p.agent().setting("yaml")).contains("image: maven:3.9");
        assertThat(p.environment()).extracting(Declarative.EnvVar::name).containsExactly("REGISTRY", "DEPLOY");
        assertThat(p.environment().get(1).value()).isInstanceOfSatisfying(Expr.Call.class,
                c -> assertThat(c.name()).isEqualTo("credentials"));
        assertThat(p.options()).singleElement().satisfies(o -> {
            assertThat(o.name()).isEqualTo("timeout");
            assertThat(o.args().named()).containsKeys("time", "unit");
        });
        assertThat(p.parameters().get(0).args().named().get("defaultValue")).isInstanceOfSatisfying(Expr.Literal.class,
                l -> assertThat(l.value()).isEqualTo("staging"));
        assertThat(p.stages()).extracting(Stage::name).containsExactly("Build", "Checks", "Matrix");

        Stage build = p.stages().get(0);
        assertThat(build.at()).isEqualTo(new Position("Jenkinsfile", 19, 9));
        assertThat(build.steps()).hasSize(2);
        Stmt.Call sh = (Stmt.Call) build.steps().get(0);
        assertThat(sh.args().positional().get(0)).isInstanceOfSatisfying(Expr.Interpolated.class,
                i -> assertThat(i.parts()).hasSize(2).first().isEqualTo("mvn -B package -Dtag="));
        assertThat(((Stmt.Call) build.steps().get(1)).args().closure().body()).hasSize(1);

        Stage checks = p.stages().get(1);
        assertThat(checks.when().beforeAgent()).isTrue();
        assertThat(checks.when().conditions().get(0).children()).extracting(Declarative.Condition::name)
                .containsExactly("branch", "not");
        assertThat(checks.parallel()).extracting(Stage::name).containsExactly("Unit", "Lint");
        assertThat(checks.parallel().get(1).agent().setting("image")).isEqualTo("golangci/golangci-lint:v1.59");
        assertThat(checks.parallel().get(1).agent().setting("args")).isEqualTo("-u root");

        Declarative.Matrix m = p.stages().get(2).matrix();
        assertThat(m.axes()).singleElement().satisfies(a -> assertThat(a.values()).containsExactly("linux", "windows"));
        assertThat(m.excludes()).singleElement().satisfies(e -> assertThat(e.get(0).not()).isTrue());
        assertThat(m.cell().stages()).extracting(Stage::name).containsExactly("Test on ${OS}");
        assertThat(p.post()).extracting(Declarative.Post::condition).containsExactly("always", "failure");
    }

    @Test
    void whatIsNotDeclarativeIsRefusedAtItsLineAndColumn() {
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n"
                + "    stage('a') { steps { echo 'x' } post { always { echo 'y' } } }\n  }\n}\n"))
                .hasMessageStartingWith("Jenkinsfile:4:18: expected a stage section, not a chained call");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "node {\n  sh 'make'\n}\n"))
                .hasMessage("Jenkinsfile:1:1: no pipeline {} block: not a declarative Pipeline (scripted Pipelines are not translated)");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('a') {\n      sh 'x'\n    }\n  }\n}\n"))
                .hasMessage("Jenkinsfile:5:7: Unknown stage section \"sh\". Starting with version 0.5, steps in a stage must be"
                        + " in a ‘steps’ block.");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  stages { stage('a') { steps { echo 'x' } } }\n}\n"))
                .hasMessage("Jenkinsfile:1:1: Missing required section \"agent\"");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('a') {\n"
                + "      steps { echo 'x' }\n      stages { stage('b') { steps { echo 'y' } } }\n    }\n  }\n}\n"))
                .hasMessage("Jenkinsfile:4:5: Only one of \"matrix\", \"parallel\", \"stages\", or \"steps\" allowed for stage \"a\"");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('a') {\n"
                + "      when { branchh 'main' }\n      steps { echo 'x' }\n    }\n  }\n}\n"))
                .hasMessageStartingWith("Jenkinsfile:5:14: Unknown conditional branchh.");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent any\n  stages {\n    stage('a') {\n"
                + "      steps { echo 'x' \n    }\n  }\n}\n"))
                .isInstanceOf(JenkinsfileException.class).hasMessageStartingWith("Jenkinsfile:").hasMessageContaining("not Groovy");
        assertThatThrownBy(() -> DeclarativeReader.read("Jenkinsfile", "pipeline {\n  agent { windows 'x' }\n  stages {\n"
                + "    stage('a') { steps { echo 'x' } }\n  }\n}\n"))
                .hasMessageStartingWith("Jenkinsfile:2:11: Invalid agent type \"windows\" specified.");
    }
}
