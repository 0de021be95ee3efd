package io.jenkins.plugins.gitopsbridge.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.BuildListener;
import hudson.model.Run;
import hudson.model.TaskListener;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A build's artifacts through its artifact manager (the build directory, or S3 and the like where configured): the
 * files are written to a directory of the build on the controller first, since the manager copies from a workspace.
 */
final class ArtifactFiles implements BuildFiles {
    private final Run<?, ?> build;
    private final TaskListener listener;

    ArtifactFiles(Run<?, ?> build, TaskListener listener) {
        this.build = build;
        this.listener = listener;
    }

    @Override
    public void archive(Map<String, byte[]> files) throws IOException, InterruptedException {
        Path parent = build.getRootDir().toPath().resolve("gitops-bridge");
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "artifacts");
        try {
            Map<String, String> artifacts = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir)) {
                    throw new IOException("refusing artifact path " + f.getKey() + ": outside its directory");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
                artifacts.put(f.getKey(), f.getKey());
            }
            PrintStream log = listener.getLogger();
            BuildListener buildListener = () -> log;
            build.pickArtifactManager().archive(new FilePath(dir.toFile()), new Launcher.LocalLauncher(listener), buildListener,
                    artifacts);
        } finally {
            try (var walk = Files.walk(dir)) {
                walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
