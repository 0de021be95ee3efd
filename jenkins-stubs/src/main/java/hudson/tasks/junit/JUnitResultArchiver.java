package hudson.tasks.junit;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.FilePath;
import hudson.Launcher;
import hudson.model.Run;
import hudson.model.TaskListener;
import hudson.tasks.test.PipelineTestDetails;
import java.io.IOException;

/**
 * Stub of junit {@code src/main/java/hudson/tasks/junit/JUnitResultArchiver.java}; the real class also extends
 * {@code Recorder} and implements {@code SimpleBuildStep}, which the plugin does not need.
 */
public class JUnitResultArchiver implements JUnitTask {
    public JUnitResultArchiver(String testResults) {}

    public static TestResultSummary parseAndSummarize(@NonNull JUnitTask task, PipelineTestDetails pipelineTestDetails,
            Run<?, ?> build, FilePath workspace, Launcher launcher, TaskListener listener)
            throws InterruptedException, IOException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public final void setHealthScaleFactor(double healthScaleFactor) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @Deprecated
    public final void setKeepLongStdio(boolean keepLongStdio) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public void setSkipPublishingChecks(boolean skipPublishingChecks) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public void setChecksName(String checksName) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public final void setAllowEmptyResults(boolean allowEmptyResults) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public void setSkipMarkingBuildUnstable(boolean skipMarkingBuildUnstable) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
