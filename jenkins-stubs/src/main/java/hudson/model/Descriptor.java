package hudson.model;

import edu.umd.cs.findbugs.annotations.NonNull;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.HttpResponse;
import org.kohsuke.stapler.StaplerRequest2;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/model/Descriptor.java}. */
public abstract class Descriptor<T extends Describable<T>> {
    protected Descriptor(Class<? extends T> clazz) {}

    protected Descriptor() {}

    @NonNull
    public String getDisplayName() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public boolean configure(StaplerRequest2 req, JSONObject json) throws FormException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public synchronized void save() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public synchronized void load() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    /** Stub of {@code Descriptor.FormException}. */
    public static final class FormException extends Exception implements HttpResponse {
        public FormException(String message, String formField) {
            super(message);
        }

        public FormException(String message, Throwable cause, String formField) {
            super(message, cause);
        }
    }
}
