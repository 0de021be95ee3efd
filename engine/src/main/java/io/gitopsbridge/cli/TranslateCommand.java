package io.gitopsbridge.cli;

import io.gitopsbridge.jenkinsfile.BuildContext;
import io.gitopsbridge.jenkinsfile.Declarative;
import io.gitopsbridge.jenkinsfile.DeclarativeReader;
import io.gitopsbridge.jenkinsfile.Translator;
import io.gitopsbridge.yaml.Trees;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops-bridge translate}: a declarative Jenkinsfile as a Tekton PipelineRun, with what could not be translated. */
@Command(name = "translate", mixinStandardHelpOptions = true,
        description = "Translate a declarative Jenkinsfile into a Tekton PipelineRun (runnable with 'gitops-bridge run'), for"
                + " one build: its branch, parameters and environment decide 'when' as Jenkins would. Prints the report of"
                + " every construct that is not translated, skipped or behaves differently; exits 1 if anything is refused.")
final class TranslateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "JENKINSFILE", description = "The Jenkinsfile.")
    Path jenkinsfile;

    @Option(names = "--stage", paramLabel = "NAME", description = "Only this stage (repeatable; a stage of stages brings all of"
            + " its own).")
    List<String> stages = List.of();

    @Option(names = {"-o", "--output"}, paramLabel = "FILE", description = "Write the PipelineRun here instead of printing it.")
    Path output;

    @Option(names = "--branch", description = "The build's branch (BRANCH_NAME).")
    String branch;

    @Option(names = "--tag", description = "The tag being built (TAG_NAME).")
    String tag;

    @Option(names = "--change-id", description = "The change request being built (CHANGE_ID).")
    String changeId;

    @Option(names = "--change-target", description = "The change request's target branch (CHANGE_TARGET).")
    String changeTarget;

    @Option(names = {"-e", "--env"}, paramLabel = "NAME=VALUE", description = "More of the build's environment (repeatable).")
    Map<String, String> env = new LinkedHashMap<>();

    @Option(names = {"-p", "--param"}, paramLabel = "NAME=VALUE", description = "A parameter's value (repeatable).")
    Map<String, String> params = new LinkedHashMap<>();

    @Option(names = "--repository", description = "The repository 'checkout scm' takes (with --commit).")
    String repository;

    @Option(names = "--commit", description = "The exact commit 'checkout scm' takes.")
    String commit;

    @Option(names = "--credential", paramLabel = "ID=TYPE", description = "The type of a credential the file names:"
            + " usernamePassword, string, file or sshUserPrivateKey (repeatable).")
    Map<String, String> credentials = new LinkedHashMap<>();

    @Option(names = "--agent-image", description = "The image of 'agent any', labels, and the Kubernetes plugin's jnlp"
            + " container.")
    String agentImage;

    @Option(names = "--label-image", paramLabel = "LABEL=IMAGE", description = "The image of an agent label (repeatable).")
    Map<String, String> labelImages = new LinkedHashMap<>();

    @Option(names = "--tool-image", paramLabel = "TOOL=IMAGE", description = "The image for 'tools', by type:name (maven:M3)"
            + " or type (repeatable).")
    Map<String, String> toolImages = new LinkedHashMap<>();

    @Option(names = "--git-image", defaultValue = "alpine/git:2.47.2", description = "The image 'checkout scm' runs git in"
            + " (default: ${DEFAULT-VALUE}).")
    String gitImage;

    @Option(names = "--job", defaultValue = "job", description = "The job's name: the workspace directory and the"
            + " PipelineRun's name (default: ${DEFAULT-VALUE}).")
    String job;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        String text = Files.readString(jenkinsfile);
        Declarative.Jenkinsfile file = DeclarativeReader.read(jenkinsfile.toString(), text);
        Map<String, String> buildEnv = new LinkedHashMap<>();
        put(buildEnv, "BRANCH_NAME", branch);
        put(buildEnv, "TAG_NAME", tag);
        put(buildEnv, "CHANGE_ID", changeId);
        put(buildEnv, "CHANGE_TARGET", changeTarget);
        put(buildEnv, "JOB_NAME", job);
        buildEnv.putAll(env);
        BuildContext context = new BuildContext(buildEnv, params, repository, commit, credentials);
        Path dir = jenkinsfile.toAbsolutePath().getParent();
        Translator.Settings settings = Translator.Settings.defaults(job).withAgentImage(agentImage)
                .withTools(labelImages, toolImages).withGitImage(gitImage).withOnly(new LinkedHashSet<>(stages))
                .withFiles(path -> {
                    Path p = dir.resolve(path).normalize();
                    try {
                        return p.startsWith(dir) && Files.isRegularFile(p) ? Files.readString(p) : null;
                    } catch (java.io.IOException e) {
                        return null;
                    }
                });
        Translator.Result result = Translator.translate(file, context, settings);
        var err = spec.commandLine().getErr();
        result.report().lines().forEach(err::println);
        if (!result.report().translated()) {
            err.println("gitops-bridge: " + result.report().refused().size() + " construct(s) not translated: no"
                    + " PipelineRun written");
            return 1;
        }
        String yaml = Trees.yaml(result.pipelineRun());
        if (!result.credentials().isEmpty()) {
            StringBuilder secret = new StringBuilder("# The run needs Secret " + settings.credentialsSecret() + " with:\n");
            result.credentials().forEach(c -> c.keys().forEach((part, key) ->
                    secret.append("#   ").append(key).append(": the ").append(part).append(" of credential ").append(c.id())
                            .append('\n')));
            yaml = secret + yaml;
        }
        if (output != null) {
            Files.writeString(output, yaml);
        } else {
            spec.commandLine().getOut().print(yaml);
        }
        return 0;
    }

    private static void put(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }
}
