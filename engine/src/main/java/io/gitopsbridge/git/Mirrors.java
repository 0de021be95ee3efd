package io.gitopsbridge.git;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Ref;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.transport.RefSpec;

/**
 * One bare mirror per repository under a root directory, brought up to date only when the remote's branches or tags
 * differ from the mirror's: a refresh of many applications of one repository asks the server for its refs
 * ({@code ls-remote}) and fetches only what moved, so an unchanged repository costs one small request.
 */
public final class Mirrors {
    /**
     * One fetch per mirror at a time. A lock a waiting caller can be interrupted out of: a fetch stuck on a server that
     * never finishes (blocking socket reads ignore interrupts) then holds up only itself.
     */
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();

    /** What a remote advertised: its branches and tags by full name, and when it was asked. */
    public record Advertised(Map<String, ObjectId> refs, java.time.Instant at) {}

    /** Requests made to Git servers by these mirrors, for benchmarks and tests. */
    public record Counts(long lsRemotes, long fetches) {}

    private final Path root;
    private final AtomicLong lsRemotes = new AtomicLong();
    private final AtomicLong fetches = new AtomicLong();

    public Mirrors(Path root) {
        this.root = root;
    }

    /** Where {@code url}'s mirror lives (it may not exist yet). */
    public Path dir(String url) {
        return root.resolve(key(url));
    }

    /** The branches and tags {@code url} has now. */
    public Advertised lsRemote(String url, GitSession session) throws GitAPIException {
        lsRemotes.incrementAndGet();
        Map<String, ObjectId> refs = new TreeMap<>();
        for (Ref ref : session.apply(Git.lsRemoteRepository()).setRemote(url).setHeads(true).setTags(true).call()) {
            refs.put(ref.getName(), ref.getObjectId());
        }
        return new Advertised(Map.copyOf(refs), java.time.Instant.now());
    }

    /**
     * The mirror of {@code url}, cloned if missing and fetched if its branches and tags are not those {@code remote}
     * advertised ({@code null}: fetch unconditionally).
     */
    public Path update(String url, GitSession session, Advertised remote) throws GitAPIException, InterruptedException {
        Path dir = dir(url);
        ReentrantLock lock = LOCKS.computeIfAbsent(dir.toAbsolutePath(), d -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(root);
                fetches.incrementAndGet();
                session.apply(Git.cloneRepository()).setURI(url).setDirectory(dir.toFile()).setBare(true).setMirror(true)
                        .call().close();
            } else if (remote == null || !remote.refs().equals(local(dir))) {
                fetches.incrementAndGet();
                try (Git git = Git.open(dir.toFile())) {
                    session.apply(git.fetch()).setRemote("origin").setRemoveDeletedRefs(true)
                            .setRefSpecs(new RefSpec("+refs/heads/*:refs/heads/*"), new RefSpec("+refs/tags/*:refs/tags/*"))
                            .call();
                }
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            lock.unlock();
        }
    }

    /** The branches and tags {@code url}'s mirror has. */
    public Map<String, ObjectId> refs(String url) {
        try {
            return Map.copyOf(local(dir(url)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Counts counts() {
        return new Counts(lsRemotes.get(), fetches.get());
    }

    private static Map<String, ObjectId> local(Path dir) throws IOException {
        Map<String, ObjectId> refs = new TreeMap<>();
        try (Repository repo = Git.open(dir.toFile()).getRepository()) {
            for (Ref ref : repo.getRefDatabase().getRefsByPrefix("refs/heads/", "refs/tags/")) {
                refs.put(ref.getName(), ref.getObjectId());
            }
        }
        return refs;
    }

    private static String key(String url) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8)), 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
