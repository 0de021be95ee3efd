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
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import io.gitopsbridge.git.GitSession;
import io.gitopsbridge.git.Remotes;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.ResetCommand;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.api.errors.TransportException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.transport.PushResult;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteRefUpdate;

/**
 * Commits edits to a config repository and pushes them, winning push races: when the branch moved, it fetches the
 * new tip, applies the same edits again and retries after a jittered backoff. Each repository is cloned once into a
 * cache directory and fetched into afterwards; a lock (in this JVM and on disk) keeps concurrent write-backs to
 * the same repository from sharing a working tree.
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
        Path dir = cacheRoot.resolve(key(request.url()));
        ReentrantLock lock = LOCKS.computeIfAbsent(dir, d -> new ReentrantLock());
        lock.lockInterruptibly();
        try {
            Files.createDirectories(cacheRoot);
            try (FileChannel channel = FileChannel.open(cacheRoot.resolve(dir.getFileName() + ".lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = channel.lock()) {
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
                Git git = open(dir, request, session, log)) {
            for (int attempt = 1; ; attempt++) {
                fetch(git, request, session, where);
                ObjectId tip = git.getRepository().resolve("refs/remotes/origin/" + request.branch());
                if (tip == null) {
                    throw new WriteBackException(where + " has no branch '" + request.branch() + "'");
                }
                git.reset().setMode(ResetCommand.ResetType.HARD).setRef(tip.name()).call();
                git.clean().setCleanDirectories(true).setIgnore(false).setForce(true).call();
                List<String> changed = applyEdits(git.getRepository().getWorkTree().toPath(), request.edits());
                if (changed.isEmpty()) {
                    log.accept("No change: " + request.branch() + " at " + tip.name().substring(0, 12) + " already holds every value");
                    return new WriteBackResult(false, tip.name(), request.branch(), List.of(), attempt);
                }
                changed.forEach(f -> {
                    try {
                        git.add().addFilepattern(f).call();
                    } catch (GitAPIException e) {
                        throw new WriteBackException("Cannot stage " + f + ": " + e.getMessage(), e);
                    }
                });
                PersonIdent author = new PersonIdent(request.author().name(), request.author().email());
                PersonIdent committer = request.committer() == null ? author
                        : new PersonIdent(request.committer().name(), request.committer().email());
                RevCommit commit = git.commit().setMessage(message).setAuthor(author).setCommitter(committer)
                        .setSign(false).call();
                RemoteRefUpdate.Status status = push(git, commit, target, session, where);
                if (status == RemoteRefUpdate.Status.OK || status == RemoteRefUpdate.Status.UP_TO_DATE) {
                    log.accept("Pushed " + commit.name().substring(0, 12) + " to " + target + " (" + String.join(", ", changed) + ")");
                    return new WriteBackResult(true, commit.name(), target, changed, attempt);
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

    private static Git open(Path dir, WriteBackRequest request, GitSession session, Consumer<String> log) throws GitAPIException, IOException {
        if (Files.isDirectory(dir.resolve(".git"))) {
            Git git = Git.open(dir.toFile());
            git.getRepository().getConfig().setString("remote", "origin", "url", request.url());
            return git;
        }
        log.accept("Cloning " + safe(request.url()) + " into the cache");
        try {
            // Shallow: a write-back needs the tip's tree, not the history.
            return session.apply(Git.cloneRepository()).setURI(request.url()).setDirectory(dir.toFile())
                    .setBranch(request.branch()).setNoCheckout(true).setDepth(1).call();
        } catch (TransportException e) {
            deleteQuietly(dir);
            throw transport(safe(request.url()), e);
        }
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

    private static RemoteRefUpdate.Status push(Git git, RevCommit commit, String target, GitSession session, String where)
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

    /** Applies the edits in order; returns the files whose bytes changed. */
    static List<String> applyEdits(Path root, List<Edit> edits) throws IOException {
        Map<String, String> original = new LinkedHashMap<>();
        Map<String, String> current = new LinkedHashMap<>();
        for (Edit edit : edits) {
            Path file = inside(root, edit.file());
            if (!current.containsKey(edit.file())) {
                String text = Files.isRegularFile(file) ? Files.readString(file, StandardCharsets.UTF_8) : null;
                original.put(edit.file(), text);
                current.put(edit.file(), text);
            }
            current.put(edit.file(), Editor.apply(edit, current.get(edit.file())));
        }
        // Only now that every edit applied is anything written: a failing edit leaves the tree untouched.
        Set<String> changed = new LinkedHashSet<>();
        for (Map.Entry<String, String> e : current.entrySet()) {
            if (e.getValue() != null && !e.getValue().equals(original.get(e.getKey()))) {
                Path file = inside(root, e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue(), StandardCharsets.UTF_8);
                changed.add(e.getKey());
            }
        }
        return new ArrayList<>(changed);
    }

    /**
     * The file in the working tree. A symbolic link anywhere on the way is refused: the repository's content decides
     * where it points, and following it would read or write any file on this machine.
     */
    private static Path inside(Path root, String file) {
        Path resolved = root.resolve(file).normalize();
        if (!resolved.startsWith(root) || resolved.equals(root) || file.startsWith("/") || resolved.startsWith(root.resolve(".git"))) {
            throw new WriteBackException(file + ": not a file inside the repository");
        }
        Path at = root;
        for (Path name : root.relativize(resolved)) {
            at = at.resolve(name);
            if (Files.isSymbolicLink(at)) {
                throw new WriteBackException(file + ": " + root.relativize(at) + " is a symbolic link in the repository;"
                        + " write-back edits only regular files, so links are never followed");
            }
        }
        return resolved;
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
            // A half-made clone left behind is cloned again next time.
        }
    }
}
