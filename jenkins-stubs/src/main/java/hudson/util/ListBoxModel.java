package hudson.util;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.ArrayList;
import org.kohsuke.stapler.HttpResponse;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/util/ListBoxModel.java}. */
public class ListBoxModel extends ArrayList<ListBoxModel.Option> implements HttpResponse {
    public ListBoxModel() {}

    public void add(@NonNull String displayName, @NonNull String value) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    /** Stub of {@code ListBoxModel.Option}. */
    public static final class Option {
        public String name;
        public String value;
        public boolean selected;

        public Option(@NonNull String name, @NonNull String value) {}

        public Option(String name, String value, boolean selected) {}
    }
}
