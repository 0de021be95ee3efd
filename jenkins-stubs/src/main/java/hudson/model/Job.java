package hudson.model;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Job.java}. The real class extends
 * {@code AbstractItem}, which declares {@code getFullName()} (from {@code Item}); only that is declared.
 */
public abstract class Job<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Job() {}

    public String getFullName() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
