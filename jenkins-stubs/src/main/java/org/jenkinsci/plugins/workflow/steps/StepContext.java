package org.jenkinsci.plugins.workflow.steps;

import com.google.common.util.concurrent.FutureCallback;
import edu.umd.cs.findbugs.annotations.Nullable;
import java.io.IOException;
import java.io.Serializable;

/**
 * Stub of workflow-step-api 686.v603d058a_e148
 * {@code src/main/java/org/jenkinsci/plugins/workflow/steps/StepContext.java}. {@code onFailure(Throwable)} is
 * inherited from Guava's {@code FutureCallback}, as in the real class.
 */
public abstract class StepContext implements FutureCallback<Object>, Serializable {
    private static final long serialVersionUID = 1L;

    protected StepContext() {}

    public abstract <T> T get(Class<T> key) throws IOException, InterruptedException;

    @Override
    public abstract void onSuccess(@Nullable Object result);
}
