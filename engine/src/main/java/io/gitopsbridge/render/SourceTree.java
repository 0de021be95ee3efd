package io.gitopsbridge.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Read access to a source's files by {@code /}-separated paths relative to its root (a checkout, a Git tree). */
public interface SourceTree {
    /** The file's text, or empty when there is no such file. */
    Optional<String> read(String path);

    /** The file's bytes (for binary files such as vendored chart archives), or empty when there is no such file. */
    default Optional<byte[]> readBytes(String path) {
        return read(path).map(t -> t.getBytes(StandardCharsets.UTF_8));
    }

    /** Whether the path is a directory. */
    boolean isDirectory(String path);

    /** The names in a directory, sorted; directories end with {@code /}. */
    List<String> list(String dir);

    /** A directory on disk. */
    static SourceTree of(Path root) {
        return new SourceTree() {
            @Override
            public Optional<String> read(String path) {
                Path file = resolve(path);
                try {
                    return Files.isRegularFile(file) ? Optional.of(Files.readString(file, StandardCharsets.UTF_8)) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            public Optional<byte[]> readBytes(String path) {
                Path file = resolve(path);
                try {
                    return Files.isRegularFile(file) ? Optional.of(Files.readAllBytes(file)) : Optional.empty();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
                }
            }

            @Override
            public boolean isDirectory(String path) {
                return Files.isDirectory(resolve(path));
            }

            @Override
            public List<String> list(String dir) {
                try (Stream<Path> entries = Files.list(resolve(dir))) {
                    return entries.map(p -> p.getFileName() + (Files.isDirectory(p) ? "/" : "")).sorted().toList();
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot list " + dir + ": " + e.getMessage(), e);
                }
            }

            private Path resolve(String path) {
                Path p = root.resolve(path.isEmpty() ? "." : path).normalize();
                if (!p.startsWith(root.normalize())) {
                    throw new RenderException(path + ": outside the source");
                }
                // A symbolic link may point anywhere on the host: what it points to must be in the source too.
                try {
                    if (Files.exists(p) && !p.toRealPath().startsWith(root.toRealPath())) {
                        throw new RenderException(path + ": a link to a file outside the source");
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException("Cannot read " + path + ": " + e.getMessage(), e);
                }
                return p;
            }
        };
    }

    /** Joins a directory and a relative path, resolving {@code .} and {@code ..}; fails above the root. */
    static String join(String dir, String relative) {
        java.util.Deque<String> parts = new java.util.ArrayDeque<>();
        for (String p : ((dir.isEmpty() ? "" : dir + "/") + relative).split("/")) {
            if (p.isEmpty() || p.equals(".")) {
                continue;
            }
            if (p.equals("..")) {
                if (parts.isEmpty()) {
                    throw new RenderException(relative + " (from " + (dir.isEmpty() ? "the root" : dir) + "): outside the source");
                }
                parts.removeLast();
            } else {
                parts.addLast(p);
            }
        }
        return String.join("/", parts);
    }
}
