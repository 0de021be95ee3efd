package hudson;

import edu.umd.cs.findbugs.annotations.NonNull;
import java.io.IOException;
import java.io.Serializable;
import java.util.List;

/**
 * Stub of jenkins-core 2.479.3 {@code core/src/main/java/hudson/FilePath.java}. The real class implements
 * {@code SerializableOnlyOverRemoting}, which extends {@code Serializable}; only the latter is declared.
 */
public final class FilePath implements Serializable {
    private static final long serialVersionUID = 1L;

    private FilePath() {}

    /** A path on the Jenkins controller. */
    public FilePath(@NonNull java.io.File localPath) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public FilePath child(String relOrAbsolute) {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public String getName() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public String getRemote() {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public boolean exists() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public boolean isDirectory() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    @NonNull
    public List<FilePath> listDirectories() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }

    public String readToString() throws IOException, InterruptedException {
        throw new UnsupportedOperationException("Jenkins API stub: compile-only");
    }
}
