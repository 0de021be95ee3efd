package hudson.util;

import java.io.IOException;
import org.kohsuke.stapler.HttpResponse;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/util/FormValidation.java}. */
public abstract class FormValidation extends IOException implements HttpResponse {
    /** Stub of {@code FormValidation.Kind}. */
    public enum Kind {
        OK,
        WARNING,
        ERROR
    }

    public final Kind kind = null;

    private FormValidation() {}

    public static FormValidation ok() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public static FormValidation ok(String message) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public static FormValidation warning(String message) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public static FormValidation error(String message) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public static FormValidation validateRequired(String value) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
