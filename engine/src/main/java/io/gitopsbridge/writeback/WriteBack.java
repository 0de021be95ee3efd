package io.gitopsbridge.writeback;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import io.gitopsbridge.git.GitSession;
import io.gitopsbridge.git.Remotes;
import io.gitopsbridge.git.TreeEdits;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.ObjectReader;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Commits edits to a config repository and pushes them, winning push races: when the branch moved, it fetches the
 * new tip, applies the same edits again and retries after a jittered backoff. Each repository has a bare cache into
 * which its branch is fetched (shallow); the edited files are read from the tip's tree, and the new blobs, the trees
 * along their paths and the commit go straight into the object database, with no work tree, so a write-back costs
 * what it changes, not what the repository holds. A lock (in this JVM and on disk) serialises write-backs to one
 * repository.
 */
public final class WriteBack {
    private static final Map<Path, ReentrantLock> LOCKS = new ConcurrentHashMap<>();
    private final Path cacheRoot;

    /** @param cacheRoot where repositories are cached, one directory per URL */
    public WriteBack(Path cacheRoot) {
        this.cacheRoot = cacheRoot;
    }

    /**
     * @throws WriteBackException when an edit does not apply (nothing is pushed), the credentials are refused, or
     *     every attempt lost its race
     */
    public WriteBackResult run(WriteBackRequest request, Consumer<String> log) throws InterruptedException {
        String summary = String.join(", ", request.edits().stream().map(Edit::describe).toList());
        Map<String, String> values = new LinkedHashMap<>(request.values());
        values.putIfAbsent("summary", summary);
        String message = CommitMessage.withTrailers(CommitMessage.render(request.message(), values), request.values());
        String target = request.pushBranch() == null ? request.branch() : CommitMessage.render(request.pushBranch(), values);
        Path dir = cacheRoot.resolve(key(request.url()) + ".git");
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Files.createDirectories(cacheRoot);
            try (FileChannel channel = FileChannel.open(cacheRoot.resolve(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
                Path workTree = cacheRoot.resolve(key(request.url()));
                if (Files.isDirectory(workTree.resolve(".git"))) {
                    // The cache of earlier versions, a clone with a work tree: no longer read.
                    deleteQuietly(workTree);
                }
                return attempts(request, dir, message, target, log);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot use the repository cache " + dir + ": " + e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    private WriteBackResult attempts(WriteBackRequest request, Path dir, String message, String target, Consumer<String> log)
            throws IOException, InterruptedException {
        String where = safe(request.url());
        try (GitSession session = session(request);
                Git git = open(dir, request, log);
                ObjectReader reader = git.getRepository().newObjectReader();
                ObjectInserter inserter = git.getRepository().newObjectInserter()) {
            for (int attempt = 1; ; attempt++) {
                fetch(git, request, session, where);
                ObjectId tip = git.getRepository().resolve("refs/remotes/origin/" + request.branch());
                if (tip == null) {
                    throw new WriteBackException(where + " has no branch '" + request.branch() + "'");
                }
                RevCommit parent = git.getRepository().parseCommit(tip);
                Map<String, byte[]> changed = applyEdits(reader, parent.getTree(), request.edits());
                if (changed.isEmpty()) {
                    log.accept("No change: " + request.branch() + " at " + tip.name().substring(0, 12) + " already holds every value");
                    return new WriteBackResult(false, tip.name(), request.branch(), List.of(), attempt);
                }
                PersonIdent author = new PersonIdent(request.author().name(), request.author().email());
                PersonIdent committer = request.committer() == null ? author
                        : new PersonIdent(request.committer().name(), request.committer().email());
                CommitBuilder commit = new CommitBuilder();
                commit.setTreeId(TreeEdits.write(reader, inserter, parent.getTree(), changed));
                commit.setParentId(tip);
                commit.setAuthor(author);
                commit.setCommitter(committer);
                commit.setMessage(message);
                ObjectId id = inserter.insert(commit);
                inserter.flush();
                List<String> files = List.copyOf(changed.keySet());
                RemoteRefUpdate.Status status = push(git, id, target, session, where);
                if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                    log.accept("Pushed " + id.name().substring(0, 12) + " to " + target + " (" + String.join(", ", files) + ")");
                    return new WriteBackResult(true, id.name(), target, files, attempt);
                }
                if (request.pushBranch() != null) {
                    throw new WriteBackException("Push of " + target + " to " + where + " was rejected (" + status
                            + "); does the branch exist already?");
                }
                if (attempt >= request.maxAttempts()) {
                    throw new WriteBackException("Gave up after " + attempt + " attempts: " + request.branch() + " of "
                            + where + " kept moving (last push: " + status + ")");
                }
                long delay = Math.min(2000, 50L << Math.min(attempt, 6));
                log.accept("Push lost a race (" + status + "); fetching the new tip and applying the edits again");
                Thread.sleep(ThreadLocalRandom.current().nextLong(delay / 2, delay + 1));
            }
        } catch (GitAPIException e) {
            throw new WriteBackException("Git failed on " + where + ": " + e.getMessage(), e);
        }
    }

    private static GitSession session(WriteBackRequest request) {
        try {
            return new GitSession(request.url(), request.auth(), request.caCertificate());
        } catch (IllegalArgumentException e) {
            throw new WriteBackException(e.getMessage(), e);
        }
    }

    /**
     * The bare repository for the URL, made if missing: the branch is fetched into it (shallow) and commits are
     * written straight into its object database, so nothing is ever checked out.
     */
    private static Git open(Path dir, WriteBackRequest request, Consumer<String> log) throws GitAPIException, IOException {
        Git git;
        if (Files.isDirectory(dir)) {
            git = Git.open(dir.toFile());
        } else {
            log.accept("Creating a cache of " + safe(request.url()));
            git = Git.init().setBare(true).setDirectory(dir.toFile()).call();
        }
        git.getRepository().getConfig().setString("remote", "origin", "url", request.url());
        git.getRepository().getConfig().save();
        return git;
    }

    private static void fetch(Git git, WriteBackRequest request, GitSession session, String where) throws GitAPIException {
        try {
            session.apply(git.fetch()).setRemote("origin").setRemoveDeletedRefs(true).setDepth(1)
                    .setRefSpecs(new RefSpec("+refs/heads/" + request.branch() + ":refs/remotes/origin/" + request.branch()))
                    .call();
        } catch (TransportException e) {
            throw transport(where, e);
        }
    }

    private static RemoteRefUpdate.Status push(Git git, ObjectId commit, String target, GitSession session, String where)
            throws GitAPIException {
        Iterable<PushResult> results;
        try {
            results = session.apply(git.push()).setRemote("origin").setRefSpecs(new RefSpec(commit.name() + ":refs/heads/" + target)).call();
        } catch (TransportException e) {
            if (String.valueOf(e.getMessage()).toLowerCase().contains("lock")) {
                return RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
            }
            throw transport(where, e);
        }
        for (PushResult r : results) {
            RemoteRefUpdate update = r.getRemoteUpdate("refs/heads/" + target);
            if (update != null) {
                return update.getStatus();
            }
        }
        return RemoteRefUpdate.Status.REJECTED_OTHER_REASON;
    }

    private static WriteBackException transport(String where, TransportException e) {
        // JGit starts its messages with the URL as given, which may hold a user name; "where" is the safe form.
        String text = String.valueOf(e.getMessage()).replaceFirst("^\\S+://\\S+: ", "");
        String lower = text.toLowerCase();
        if (lower.contains("pkix") || lower.contains("certification path") || lower.contains("ssl problems")) {
            return new WriteBackException("TLS to " + where + " failed: its certificate is not trusted (give the CA"
                    + " certificate that signed it) or no TLS version and cipher were agreed", e);
        }
        if (lower.contains("host key") || lower.contains("known_hosts") || lower.contains("server key did not validate")) {
            return new WriteBackException("The SSH host key of " + where + " is not in the known hosts given, or has"
                    + " changed; refusing to connect", e);
        }
        if (lower.contains("not authorized") || lower.contains("authentication") || lower.contains("401")
                || lower.contains("403") || lower.contains("credentials") || lower.contains("cannot log in")) {
            return new WriteBackException("Authentication to " + where + " failed: the credentials were refused or"
                    + " are missing", e);
        }
        return new WriteBackException("Cannot reach " + where + ": " + text, e);
    }

    /**
     * Applies the edits in order to the files of {@code tree}; returns the files whose bytes changed, with their new
     * bytes. Nothing is written: a failing edit leaves the repository untouched.
     */
    static Map<String, byte[]> applyEdits(ObjectReader reader, ObjectId tree, List<Edit> edits) throws IOException {
        Map<String, String> original = new LinkedHashMap<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Edit edit : edits) {
            String file = inside(edit.file());
            if (!current.containsKey(file)) {
                String text;
                try {
                    text = TreeEdits.read(reader, tree, file).map(b -> new String(b, StandardCharsets.UTF_8)).orElse(null);
                } catch (TreeEdits.PathException e) {
                    throw refused(edit.file(), e);
                }
                original.put(file, text);
                current.put(file, text);
            }
            current.put(file, Editor.apply(edit, current.get(file)));
        }
        Map<String, byte[]> changed = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : current.entrySet()) {
            if (e.getValue() != null && !e.getValue().equals(original.get(e.getKey()))) {
                changed.put(e.getKey(), e.getValue().getBytes(StandardCharsets.UTF_8));
            }
        }
        return changed;
    }

    /**
     * The file's path in the repository, normalised. A path out of the repository, or into {@code .git}, is refused.
     */
    private static String inside(String file) {
        Path root = Path.of("/repository");
        Path resolved = root.resolve(file).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root) || file.startsWith("/")
                || resolved.startsWith(root.resolve(".git"))) {
            throw new WriteBackException(file + ": not a file inside the repository");
        }
        return root.relativize(resolved).toString().replace(java.io.File.separatorChar, '/');
    }

    /**
     * A symbolic link anywhere on the way is refused: the repository's content decides where it points, and following
     * it would read or write any file on this machine.
     */
    private static WriteBackException refused(String file, TreeEdits.PathException e) {
        String why = e.getMessage().contains("symbolic link")
                ? "; write-back edits only regular files, so links are never followed" : "";
        return new WriteBackException(file + ": " + e.getMessage() + why, e);
    }

    /** The URL without any user information, for messages. */
    static String safe(String url) {
        return Remotes.safe(url);
    }

    private static String key(String url) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(url.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // What is left is tried again next time.
        }
    }
}
