package hudson.tasks.junit;

import java.io.Serializable;

/** Stub of junit {@code src/main/java/hudson/tasks/junit/TestResultSummary.java}. */
public class TestResultSummary implements Serializable {
    public int getFailCount() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public int getSkipCount() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public int getPassCount() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public int getTotalCount() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
