package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Result.java}. */
public final class Result implements Serializable {
    private static final long serialVersionUID = 1L;

    @NonNull
    public static final Result UNSTABLE = null;

    private Result() {}
}
