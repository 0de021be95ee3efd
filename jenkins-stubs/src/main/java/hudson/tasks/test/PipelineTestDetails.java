package hudson.tasks.test;

import java.io.Serializable;

/** Stub of junit {@code src/main/java/hudson/tasks/test/PipelineTestDetails.java}: only the type (the plugin passes null). */
public class PipelineTestDetails implements Serializable {
    private static final long serialVersionUID = 1L;
}
