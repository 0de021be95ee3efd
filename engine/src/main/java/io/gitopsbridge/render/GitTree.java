package io.gitopsbridge.render;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.treewalk.TreeWalk;

/** The files of one commit, read straight from Git's object database: no checkout, nothing on disk changes. */
final class GitTree implements SourceTree {
    private final Repository repository;
    private final RevCommit commit;

    GitTree(Repository repository, ObjectId commit) {
        this.repository = repository;
        try (RevWalk walk = new RevWalk(repository)) {
            this.commit = walk.parseCommit(commit);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read commit " + commit.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<String> read(String path) {
        return readBytes(path).map(b -> new String(b, StandardCharsets.UTF_8));
    }

    @Override
    public Optional<byte[]> readBytes(String path) {
        if (path.isEmpty()) {
            return Optional.empty();
        }
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            if (walk == null || walk.getFileMode(0).getObjectType() != org.eclipse.jgit.lib.Constants.OBJ_BLOB) {
                return Optional.empty();
            }
            return Optional.of(repository.open(walk.getObjectId(0)).getBytes());
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + path + " at " + commit.name() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean isDirectory(String path) {
        if (path.isEmpty()) {
            return true;
        }
        try (TreeWalk walk = TreeWalk.forPath(repository, path, commit.getTree())) {
            return walk != null && walk.getFileMode(0) == FileMode.TREE;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public List<String> list(String dir) {
        List<String> names = new ArrayList<>();
        try (TreeWalk walk = new TreeWalk(repository)) {
            if (dir.isEmpty()) {
                walk.addTree(commit.getTree());
            } else {
                try (TreeWalk at = TreeWalk.forPath(repository, dir, commit.getTree())) {
                    if (at == null) {
                        return List.of();
                    }
                    walk.addTree(at.getObjectId(0));
                }
            }
            walk.setRecursive(false);
            while (walk.next()) {
                names.add(walk.getNameString() + (walk.getFileMode(0) == FileMode.TREE ? "/" : ""));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        names.sort(null);
        return names;
    }
}
