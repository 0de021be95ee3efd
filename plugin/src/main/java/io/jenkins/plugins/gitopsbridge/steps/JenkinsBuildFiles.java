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
 * A build's artifacts, through its artifact manager (the build directory, or S3 and the like where configured), and
 * its test results, through the JUnit plugin where installed. Both read from a workspace, so the files are written to
 * a directory of the build on the controller first and removed after.
 */
final class JenkinsBuildFiles implements BuildFiles {
    private final Run<?, ?> build;
    private final TaskListener listener;

    JenkinsBuildFiles(Run<?, ?> build, TaskListener listener) {
        this.build = build;
        this.listener = listener;
    }

    @Override
    public void archive(Map<String, byte[]> files) throws IOException, InterruptedException {
        Path dir = write("artifacts", files);
        try {
            Map<String, String> artifacts = new LinkedHashMap<>();
            files.keySet().forEach(path -> artifacts.put(path, path));
            PrintStream log = listener.getLogger();
            BuildListener buildListener = () -> log;
            build.pickArtifactManager().archive(new FilePath(dir.toFile()), new Launcher.LocalLauncher(listener), buildListener,
                    artifacts);
        } finally {
            delete(dir);
        }
    }

    @Override
    public Tests recordTests(Map<String, byte[]> files, Map<String, Object> options) throws IOException, InterruptedException {
        if (!recordsTests()) {
            throw new IOException("the JUnit plugin is not installed");
        }
        Path dir = write("junit", files);
        try {
            return JUnitReports.record(build, dir, options, listener);
        } finally {
            delete(dir);
        }
    }

    @Override
    public boolean recordsTests() {
        try {
            // Through this plugin's class loader, which sees the JUnit plugin's classes only when it is installed.
            Class.forName("hudson.tasks.junit.JUnitResultArchiver", false, JenkinsBuildFiles.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private Path write(String kind, Map<String, byte[]> files) throws IOException {
        Path parent = build.getRootDir().toPath().resolve("gitops-bridge");
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, kind);
        try {
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                Path target = dir.resolve(f.getKey()).normalize();
                if (!target.startsWith(dir) || target.equals(dir)) {
                    throw new IOException("refusing file path " + f.getKey() + ": outside its directory");
                }
                Files.createDirectories(target.getParent());
                Files.write(target, f.getValue());
            }
            return dir;
        } catch (IOException e) {
            delete(dir);
            throw e;
        }
    }

    private static void delete(Path dir) throws IOException {
        try (var walk = Files.walk(dir)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
