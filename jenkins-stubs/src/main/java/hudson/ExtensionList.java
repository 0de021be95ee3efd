package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.util.AbstractList;

/** Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/ExtensionList.java}. */
public class ExtensionList<T> extends AbstractList<T> {
    protected ExtensionList() {}

    @Override
    public T get(int index) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @Override
    public int size() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public static @NonNull <U> U lookupSingleton(Class<U> type) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
