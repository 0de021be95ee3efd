package io.gitopsbridge.git;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.internal.storage.dfs.DfsRepositoryDescription;
import org.eclipse.jgit.internal.storage.dfs.InMemoryRepository;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.junit.jupiter.api.Test;

/** Trees rewritten along the changed paths equal the trees JGit's index writes for the same files. */
class TreeEditsTest {
    private final InMemoryRepository repo = new InMemoryRepository(new DfsRepositoryDescription("t"));

    /** The tree of these files as JGit's own index (DirCache) writes it: the reference for order and content. */
    private ObjectId reference(Map<String, byte[]> files, Map<String, FileMode> modes) throws Exception {
        DirCache index = DirCache.newInCore();
        DirCacheBuilder builder = index.builder();
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            for (Map.Entry<String, byte[]> f : new TreeMap<>(files).entrySet()) {
                DirCacheEntry e = new DirCacheEntry(f.getKey());
                e.setFileMode(modes.getOrDefault(f.getKey(), FileMode.REGULAR_FILE));
                e.setObjectId(inserter.insert(Constants.OBJ_BLOB, f.getValue()));
                builder.add(e);
            }
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            inserter.flush();
            return tree;
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aTreeRewrittenAlongTheChangedPathsIsTheTreeGitWouldWrite() throws Exception {
        Map<String, byte[]> files = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            files.put("apps/app-" + i + "/values.yaml", bytes("tag: " + i + "\n"));
        }
        files.put("a.yaml", bytes("a"));
        files.put("a-b.yaml", bytes("ab"));
        files.put("a/x.yaml", bytes("x"));
        files.put("run.sh", bytes("#!/bin/sh\n"));
        Map<String, FileMode> modes = Map.of("run.sh", FileMode.EXECUTABLE_FILE);
        ObjectId before = reference(files, modes);

        Map<String, byte[]> changes = new LinkedHashMap<>();
        changes.put("apps/app-17/values.yaml", bytes("tag: new\n"));
        changes.put("run.sh", bytes("#!/bin/sh\necho hi\n"));
        changes.put("a/new/deep/file.yaml", bytes("new"));
        changes.put("a.b.yaml", bytes("between"));
        ObjectId after;
        try (ObjectReader reader = repo.newObjectReader(); ObjectInserter inserter = repo.newObjectInserter()) {
            after = TreeEdits.write(reader, inserter, before, changes);
            inserter.flush();
            assertThat(TreeEdits.read(reader, after, "apps/app-17/values.yaml")).hasValueSatisfying(b ->
                    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("tag: new\n"));
            assertThat(TreeEdits.read(reader, after, "apps/app-999/values.yaml")).isEmpty();
            assertThat(TreeEdits.read(reader, after, "nowhere/at/all.yaml")).isEmpty();
        }

        Map<String, byte[]> expected = new LinkedHashMap<>(files);
        expected.putAll(changes);
        assertThat(after).isEqualTo(reference(expected, modes));
        // An untouched directory is the same object: nothing below it was written again.
        assertThat(treeAt(after, "apps/app-18")).isEqualTo(treeAt(before, "apps/app-18"));
    }

    @Test
    void linksSubmodulesAndDirectoriesAreNotFiles() throws Exception {
        ObjectId tree;
        try (ObjectInserter inserter = repo.newObjectInserter()) {
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            DirCacheEntry link = new DirCacheEntry("linked");
            link.setFileMode(FileMode.SYMLINK);
            link.setObjectId(inserter.insert(Constants.OBJ_BLOB, bytes("/etc")));
            builder.add(link);
            DirCacheEntry module = new DirCacheEntry("module");
            module.setFileMode(FileMode.GITLINK);
            module.setObjectId(ObjectId.fromString("0123456789abcdef0123456789abcdef01234567"));
            builder.add(module);
            DirCacheEntry file = new DirCacheEntry("dir/file.yaml");
            file.setFileMode(FileMode.REGULAR_FILE);
            file.setObjectId(inserter.insert(Constants.OBJ_BLOB, bytes("x")));
            builder.add(file);
            builder.finish();
            tree = index.writeTree(inserter);
            inserter.flush();
        }
        try (ObjectReader reader = repo.newObjectReader(); ObjectInserter inserter = repo.newObjectInserter()) {
            assertThatThrownBy(() -> TreeEdits.read(reader, tree, "linked/passwd")).hasMessage("linked is a symbolic link in the repository");
            assertThatThrownBy(() -> TreeEdits.write(reader, inserter, tree, Map.of("linked", bytes("y"))))
                    .hasMessage("linked is a symbolic link in the repository");
            assertThatThrownBy(() -> TreeEdits.read(reader, tree, "module/x.yaml")).hasMessage("module is a submodule in the repository");
            assertThatThrownBy(() -> TreeEdits.read(reader, tree, "dir")).hasMessage("dir is a directory in the repository");
            assertThatThrownBy(() -> TreeEdits.write(reader, inserter, tree, Map.of("dir/file.yaml/x", bytes("y"))))
                    .hasMessage("dir/file.yaml is a file in the repository, not a directory");
        }
    }

    private ObjectId treeAt(ObjectId root, String path) throws Exception {
        try (TreeWalk walk = TreeWalk.forPath(repo, path, root)) {
            return walk.getObjectId(0);
        }
    }
}
