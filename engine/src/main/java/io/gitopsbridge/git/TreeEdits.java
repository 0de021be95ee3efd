package io.gitopsbridge.git;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.TreeFormatter;
import org.eclipse.jgit.treewalk.CanonicalTreeParser;

/**
 * Files of a commit read and replaced without a work tree: a new root tree is written from an old one by rewriting
 * only the trees along the changed paths, so a commit costs what it changes, not what the repository holds.
 */
public final class TreeEdits {
    private TreeEdits() {}

    /** An entry of a tree: its mode and object. */
    public record Entry(FileMode mode, ObjectId id) {}

    /** A path that cannot be read or written as a regular file, and why (a link, a submodule, a directory). */
    public static final class PathException extends IllegalArgumentException {
        private final String at;

        PathException(String at, String message) {
            super(message);
            this.at = at;
        }

        /** The part of the path at fault ({@code linked} for {@code linked/new.yaml}). */
        public String at() {
            return at;
        }
    }

    /**
     * The regular file at {@code path} of {@code tree}, or empty if there is none (nor any of its parents).
     *
     * @throws PathException when the path runs through a symbolic link, a submodule or a file, or names a directory,
     *     a link or a submodule
     */
    public static Optional<byte[]> read(ObjectReader reader, ObjectId tree, String path) throws IOException {
        String[] names = path.split("/");
        ObjectId at = tree;
        for (int i = 0; i < names.length; i++) {
            String prefix = String.join("/", Arrays.copyOfRange(names, 0, i + 1));
            Entry e = entries(reader, at).get(names[i]);
            if (e == null) {
                return Optional.empty();
            }
            check(prefix, e.mode(), i == names.length - 1);
            at = e.id();
        }
        return Optional.of(reader.open(at, Constants.OBJ_BLOB).getBytes());
    }

    /**
     * A tree like {@code tree} with {@code files} (paths relative to it, {@code /}-separated) holding these bytes: an
     * existing file keeps its mode (an executable stays executable), a new one is {@code 100644}; missing directories
     * are made. Only the trees on the changed paths are written.
     *
     * @param tree the old tree, or {@code null} for none
     * @throws PathException as {@link #read} does
     */
    public static ObjectId write(ObjectReader reader, ObjectInserter inserter, ObjectId tree, Map<String, byte[]> files)
            throws IOException {
        return write(reader, inserter, tree, "", files);
    }

    private static ObjectId write(ObjectReader reader, ObjectInserter inserter, ObjectId tree, String base,
            Map<String, byte[]> files) throws IOException {
        Map<String, Entry> entries = tree == null ? new LinkedHashMap<>() : entries(reader, tree);
        Map<String, Map<String, byte[]>> below = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            int slash = f.getKey().indexOf('/');
            if (slash < 0) {
                Entry old = entries.get(f.getKey());
                if (old != null) {
                    check(base + f.getKey(), old.mode(), true);
                }
                FileMode mode = old == null ? FileMode.REGULAR_FILE : old.mode();
                entries.put(f.getKey(), new Entry(mode, inserter.insert(Constants.OBJ_BLOB, f.getValue())));
            } else {
                below.computeIfAbsent(f.getKey().substring(0, slash), d -> new LinkedHashMap<>())
                        .put(f.getKey().substring(slash + 1), f.getValue());
            }
        }
        for (Map.Entry<String, Map<String, byte[]>> d : below.entrySet()) {
            Entry old = entries.get(d.getKey());
            if (old != null) {
                check(base + d.getKey(), old.mode(), false);
            }
            entries.put(d.getKey(), new Entry(FileMode.TREE, write(reader, inserter, old == null ? null : old.id(),
                    base + d.getKey() + "/", d.getValue())));
        }
        List<Map.Entry<String, Entry>> sorted = new ArrayList<>(entries.entrySet());
        sorted.sort((a, b) -> compare(a.getKey(), a.getValue().mode(), b.getKey(), b.getValue().mode()));
        TreeFormatter formatter = new TreeFormatter();
        for (Map.Entry<String, Entry> e : sorted) {
            formatter.append(e.getKey(), e.getValue().mode(), e.getValue().id());
        }
        return inserter.insert(formatter);
    }

    /** Git's tree order: by name bytes, a tree's name compared as if it ended with {@code /}. */
    private static int compare(String a, FileMode modeA, String b, FileMode modeB) {
        byte[] x = (a + (modeA == FileMode.TREE ? "/" : "")).getBytes(StandardCharsets.UTF_8);
        byte[] y = (b + (modeB == FileMode.TREE ? "/" : "")).getBytes(StandardCharsets.UTF_8);
        return Arrays.compareUnsigned(x, y);
    }

    private static void check(String path, FileMode mode, boolean last) {
        if (mode == FileMode.SYMLINK) {
            throw new PathException(path, path + " is a symbolic link in the repository");
        }
        if (mode == FileMode.GITLINK) {
            throw new PathException(path, path + " is a submodule in the repository");
        }
        if (last && mode == FileMode.TREE) {
            throw new PathException(path, path + " is a directory in the repository");
        }
        if (!last && mode != FileMode.TREE) {
            throw new PathException(path, path + " is a file in the repository, not a directory");
        }
    }

    private static Map<String, Entry> entries(ObjectReader reader, ObjectId tree) throws IOException {
        Map<String, Entry> out = new LinkedHashMap<>();
        CanonicalTreeParser parser = new CanonicalTreeParser(null, reader, tree);
        while (!parser.eof()) {
            out.put(parser.getEntryPathString(), new Entry(parser.getEntryFileMode(), parser.getEntryObjectId()));
            parser.next();
        }
        return out;
    }
}
