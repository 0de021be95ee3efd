package io.gitopsbridge.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Finds upstream conformance data in {@code ../shared/conformance/} (present beside the clone in CI, absent in a
 * user's clone), walking up from the working directory so both the reactor and a module build find it.
 */
public final class SharedConformance {
    private SharedConformance() {}

    /** The directory {@code shared/conformance/<relative>}, or {@code null} when it is absent. */
    public static Path find(String relative) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path data = dir.resolve("shared/conformance").resolve(relative);
            if (Files.isDirectory(data)) {
                return data;
            }
        }
        return null;
    }
}
