package io.jenkins.plugins.gitopsbridge.steps;

import java.io.IOException;
import java.util.Map;

/** Where files a run sends back are kept in the build: its artifacts and its test results. */
interface BuildFiles {
    /** Keeps {@code files} (path → content) among the build's artifacts, as {@code archiveArtifacts} does. */
    void archive(Map<String, byte[]> files) throws IOException, InterruptedException;

    /**
     * Records JUnit reports {@code files} as the build's test results, as the {@code junit} step does with
     * {@code options} (its flags, healthScaleFactor, checksName), marking the build unstable when tests failed.
     *
     * @throws IOException when the reports do not read, or hold no results where they must
     */
    Tests recordTests(Map<String, byte[]> files, Map<String, Object> options) throws IOException, InterruptedException;

    /** Whether test results can be recorded here: the JUnit plugin is installed. */
    boolean recordsTests();

    /** What the reports held. */
    record Tests(int total, int failed, int skipped) {}

    /** A build that keeps nothing: refuses, so a step that needs it says so. */
    BuildFiles NONE = new BuildFiles() {
        @Override
        public void archive(Map<String, byte[]> files) throws IOException {
            throw new IOException("this build cannot keep artifacts here");
        }

        @Override
        public Tests recordTests(Map<String, byte[]> files, Map<String, Object> options) throws IOException {
            throw new IOException("this build cannot record test results here");
        }

        @Override
        public boolean recordsTests() {
            return false;
        }
    };
}
