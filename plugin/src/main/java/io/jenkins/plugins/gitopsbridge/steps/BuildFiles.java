package io.jenkins.plugins.gitopsbridge.steps;

import java.io.IOException;
import java.util.Map;

/** Where files a run sends back are kept in the build: its artifacts. */
@FunctionalInterface
interface BuildFiles {
    /** Keeps {@code files} (path → content) among the build's artifacts, as {@code archiveArtifacts} does. */
    void archive(Map<String, byte[]> files) throws IOException, InterruptedException;

    /** A build that keeps nothing: refuses, so a step that needs it says so. */
    BuildFiles NONE = files -> {
        throw new IOException("this build cannot keep artifacts here");
    };
}
