package io.jenkins.plugins.gitopsbridge.steps;

import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Result;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.junit.JUnitResultArchiver;
import hudson.tasks.junit.TestResultSummary;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Test results through the JUnit plugin's own parser and action ({@code JUnitResultArchiver.parseAndSummarize}, what
 * its step and publisher call), so reports read, merge and show exactly as there. Only loaded when the plugin is
 * installed: it is an optional dependency, and this class is the only one that names its types.
 */
final class JUnitReports {
    private JUnitReports() {}

    /** Records the reports in {@code dir} (every file there) in {@code build}. */
    static BuildFiles.Tests record(Run<?, ?> build, Path dir, Map<String, Object> options, TaskListener listener)
            throws IOException, InterruptedException {
        JUnitResultArchiver task = new JUnitResultArchiver("**");
        task.setAllowEmptyResults(Boolean.TRUE.equals(options.get("allowEmptyResults")));
        task.setKeepLongStdio(Boolean.TRUE.equals(options.get("keepLongStdio")));
        task.setSkipPublishingChecks(Boolean.TRUE.equals(options.get("skipPublishingChecks")));
        boolean skipUnstable = Boolean.TRUE.equals(options.get("skipMarkingBuildUnstable"));
        task.setSkipMarkingBuildUnstable(skipUnstable);
        if (options.get("healthScaleFactor") instanceof Double factor) {
            task.setHealthScaleFactor(factor);
        }
        if (options.get("checksName") instanceof String name) {
            task.setChecksName(name);
        }
        // No flow node of the stage to name: results are recorded as a freestyle publisher records them.
        TestResultSummary summary = JUnitResultArchiver.parseAndSummarize(task, null, build, new FilePath(dir.toFile()),
                new Launcher.LocalLauncher(listener), listener);
        if (summary.getFailCount() > 0 && !skipUnstable) {
            build.setResult(Result.UNSTABLE);
        }
        return new BuildFiles.Tests(summary.getTotalCount(), summary.getFailCount(), summary.getSkipCount());
    }
}
