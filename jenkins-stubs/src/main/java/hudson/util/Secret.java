package hudson.util;

import edu.umd.cs.findbugs.annotations.CheckForNull;
import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.Serializable;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/util/Secret.java}. */
public final class Secret implements Serializable {
    private static final long serialVersionUID = 1L;

    private Secret() {}

    @NonNull
    public String getPlainText() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public static String toString(@CheckForNull Secret s) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
