package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Run.java}. */
public abstract class Run<JobT extends Job<JobT, RunT>, RunT extends Run<JobT, RunT>> {
    protected Run() {}

    @NonNull
    public JobT getParent() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public int getNumber() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public String getUrl() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    /** The build's directory, where its log and records are kept. */
    @NonNull
    public java.io.File getRootDir() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    /** Where this build's artifacts are kept (the configured artifact manager, or the build's own directory). */
    @NonNull
    public final synchronized jenkins.model.ArtifactManager pickArtifactManager() throws java.io.IOException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    /** Makes the result worse, never better; {@code WorkflowRun} overrides it without the state check. */
    public void setResult(@NonNull Result r) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public String getExternalizableId() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
