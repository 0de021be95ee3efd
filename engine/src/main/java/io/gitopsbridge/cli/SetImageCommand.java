package io.gitopsbridge.cli;

import io.gitopsbridge.image.ImageRef;
import io.gitopsbridge.writeback.Edit;
import io.gitopsbridge.writeback.Edits;
import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.writeback.WriteBack;
import io.gitopsbridge.writeback.WriteBackRequest;
import io.gitopsbridge.writeback.WriteBackResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code gitops-bridge set-image}: commits a new image to files of a config repository. */
@Command(name = "set-image", mixinStandardHelpOptions = true,
        description = "Commit a new image tag or digest to a GitOps config repository (Helm values, kustomization,"
                + " manifests or an Argo CD .argocd-source file), keeping every other byte; exit 1 if it cannot.")
final class SetImageCommand implements Callable<Integer> {
    private static final Pattern IDENTITY = Pattern.compile("(.+?)\\s*<([^>]+)>");

    @Parameters(index = "0", paramLabel = "IMAGE", description = "The new image, such as registry.example.com/team/api:1.5.0.")
    String image;

    @Option(names = "--repo", required = true, description = "The config repository URL.")
    String repo;

    @Option(names = "--branch", defaultValue = "main", description = "The branch (default: ${DEFAULT-VALUE}).")
    String branch;

    @Option(names = {"-f", "--file"}, required = true, paramLabel = "FILE",
            description = "A file to update, relative to the repository; repeat for several (one commit).")
    List<String> files = new ArrayList<>();

    @Option(names = "--path", description = "In Helm values files: the key path of the tag, such as image.tag.")
    String path;

    @Option(names = "--container", description = "In manifests: only the container with this name.")
    String container;

    @Option(names = "--name", description = "In kustomizations: the image name the manifests use, if not the repository.")
    String name;

    @Option(names = "--parameter", description = "In .argocd-source files: the Helm parameter (default image.tag).")
    String parameter;

    @CommandLine.Mixin
    GitAuthOptions git;

    @Option(names = "--ca-file", paramLabel = "FILE", description = "PEM CA certificate(s) to trust for the HTTPS"
            + " Git server instead of the JVM's trust store.")
    Path caFile;

    @Option(names = "--message", description = "Commit message template: ${image}, ${newTag}, ${digest},"
            + " ${sourceCommit}, ${buildUrl}, ${summary}.")
    String message;

    @Option(names = "--source-commit", description = "The commit the image was built from (a trailer).")
    String sourceCommit;

    @Option(names = "--build-url", description = "The build that made the image (a trailer).")
    String buildUrl;

    @Option(names = "--author", defaultValue = "GitOps Bridge <gitops-bridge@localhost>",
            description = "Commit author as 'Name <email>' (default: ${DEFAULT-VALUE}).")
    String author;

    @Option(names = "--push-branch", description = "Push to this new branch (a template) instead, for a pull request.")
    String pushBranch;

    @Option(names = "--cache", description = "Repository cache directory (default: ~/.cache/gitops-bridge/repos).")
    Path cache;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ImageRef ref = ImageRef.parse(image);
        List<Edit> edits = new ArrayList<>();
        for (String file : files) {
            edits.add(Edits.forImage(file, ref, path, container, name, parameter));
        }
        GitAuth auth = git.auth(spec.commandLine());
        Matcher who = IDENTITY.matcher(author.trim());
        if (!who.matches()) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--author must look like 'Name <email>', not '"
                    + author + "'");
        }
        Map<String, String> values = new LinkedHashMap<>(ref.templateValues());
        if (sourceCommit != null) {
            values.put("sourceCommit", sourceCommit);
        }
        if (buildUrl != null) {
            values.put("buildUrl", buildUrl);
        }
        WriteBackRequest request = WriteBackRequest.of(repo, branch, auth, edits,
                new WriteBackRequest.Identity(who.group(1), who.group(2)))
                .withMessage(message, values).withPushBranch(pushBranch)
                .withCaCertificate(caFile == null ? null : java.nio.file.Files.readString(caFile));
        Path cacheDir = cache != null ? cache : Path.of(System.getProperty("user.home"), ".cache", "gitops-bridge", "repos");
        PrintWriter err = spec.commandLine().getErr();
        WriteBackResult result = new WriteBack(cacheDir).run(request, err::println);
        spec.commandLine().getOut().println((result.changed() ? "pushed " : "unchanged ") + result.commit() + " " + result.branch());
        return 0;
    }
}
