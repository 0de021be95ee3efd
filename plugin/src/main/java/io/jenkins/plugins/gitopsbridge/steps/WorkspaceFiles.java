package io.jenkins.plugins.gitopsbridge.steps;

import hudson.FilePath;
import io.gitopsbridge.tekton.TaskResolver;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.Optional;

/** The node workspace as a tree of Task files; reads go over the agent channel. */
final class WorkspaceFiles implements TaskResolver.Files {
    private final FilePath root;

    WorkspaceFiles(FilePath root) {
        this.root = root;
    }

    @Override
    public Optional<String> read(String path) throws IOException {
        try {
            FilePath file = root.child(path);
            return file.exists() && !file.isDirectory() ? Optional.of(file.readToString()) : Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while reading " + path);
        }
    }

    @Override
    public List<String> directories(String path) throws IOException {
        try {
            FilePath dir = root.child(path);
            return dir.isDirectory() ? dir.listDirectories().stream().map(FilePath::getName).toList() : List.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("Interrupted while listing " + path);
        }
    }
}
