package io.gitopsbridge.render;

import io.gitopsbridge.git.GitAuth;
import io.gitopsbridge.git.GitSession;
import io.gitopsbridge.git.Mirrors;
import io.gitopsbridge.git.Remotes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.Repository;

/**
 * Renders sources from Git: each repository is mirrored once (bare, {@link Mirrors}) and fetched when its refs move;
 * a revision (branch, tag, commit or {@code HEAD}) resolves to a commit; rendering reads that commit's tree directly.
 * Results are cached by repository, commit, path and source options, so an unchanged commit is rendered once.
 */
public final class GitSources {
    private final Mirrors mirrors;
    private final Map<String, List<Manifest>> rendered;
    private final Function<String, GitAuth> auth;
    private final java.time.Duration timeout;
    private final java.time.Duration revisionCache;
    /** What each remote advertised, for {@code revisionCache}; these sources' own, so it never outlives their auth. */
    private final Map<String, Mirrors.Advertised> advertised = new ConcurrentHashMap<>();

    /**
     * @param cacheRoot where repository mirrors live
     * @param maxCached how many renderings to keep (least recently used go first)
     */
    public GitSources(Path cacheRoot, int maxCached) {
        this(new Mirrors(cacheRoot), java.util.Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, List<Manifest>> eldest) {
                return size() > maxCached;
            }
        }), url -> GitAuth.NONE, GitSession.DEFAULT_TIMEOUT, java.time.Duration.ZERO);
    }

    private GitSources(Mirrors mirrors, Map<String, List<Manifest>> rendered, Function<String, GitAuth> auth,
            java.time.Duration timeout, java.time.Duration revisionCache) {
        this.mirrors = mirrors;
        this.rendered = rendered;
        this.auth = auth;
        this.timeout = timeout;
        this.revisionCache = revisionCache;
    }

    /**
     * These sources (same caches) reaching repositories with {@code auth}, by URL. Every render asks the server first,
     * so a caller without access to a repository gets an error, never another caller's cached rendering of it.
     */
    public GitSources withAuth(Function<String, GitAuth> auth) {
        return new GitSources(mirrors, rendered, auth, timeout, revisionCache);
    }

    /** These sources, giving up on a Git server silent for {@code limit}. */
    public GitSources withTimeout(java.time.Duration limit) {
        return new GitSources(mirrors, rendered, auth, limit, revisionCache);
    }

    /**
     * These sources, asking each server for its refs ({@code ls-remote}) at most once per {@code maxAge} and fetching
     * only when they moved, as Argo CD's repo server caches resolved revisions ({@code --revision-cache-expiration},
     * 3 minutes): every application of a repository refreshed within that time shares one request. Zero (the
     * default) fetches before every render. {@link #forget} drops what was learnt, for a hard refresh.
     */
    public GitSources withRevisionCache(java.time.Duration maxAge) {
        return new GitSources(mirrors, rendered, auth, timeout, maxAge);
    }

    /** The next render of {@code url} asks its server again. */
    public void forget(String url) {
        advertised.remove(url);
    }

    /** Requests these sources (and others sharing their mirrors) made to Git servers. */
    public Mirrors.Counts counts() {
        return mirrors.counts();
    }

    /** A rendering and the commit it came from. */
    public record Rendering(String commit, List<Manifest> manifests, boolean cached) {}

    /**
     * Fetches the repository, resolves the revision and renders the source at that commit.
     *
     * @throws RenderException when the revision does not exist or the source does not render
     */
    public Rendering render(Source source) {
        return render(source, "release", "default");
    }

    /**
     * @param release the Helm release name when the source sets none (Argo CD: the Application's name)
     * @param namespace the Helm release namespace when the source sets none (the destination's)
     */
    public Rendering render(Source source, String release, String namespace) {
        String commit = resolve(source.repoURL(), source.targetRevision());
        String key = source.repoURL() + "\n" + commit + "\n" + source + "\n" + release + "\n" + namespace;
        List<Manifest> hit = rendered.get(key);
        if (hit != null) {
            return new Rendering(commit, hit, true);
        }
        try (Repository repo = Git.open(mirrors.dir(source.repoURL()).toFile()).getRepository()) {
            List<Manifest> manifests = List.copyOf(Renderer.render(source, new GitTree(repo, ObjectId.fromString(commit)),
                    release, namespace));
            rendered.put(key, manifests);
            return new Rendering(commit, manifests, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A multi-source Application ({@code spec.sources}): every source with a {@code path} is rendered and the objects
     * concatenated in source order; a source with a {@code ref} lends its files to the others' Helm value files
     * ({@code $ref/path}), and without a {@code path} renders nothing itself, as in Argo CD.
     *
     * @return the renderings, one per source with a path, with their commits
     */
    public List<Rendering> render(List<Source> sources, String release, String namespace) {
        Map<String, SourceTree> refs = new LinkedHashMap<>();
        List<Repository> open = new java.util.ArrayList<>();
        try {
            for (Source s : sources) {
                if (s.ref() != null) {
                    String commit = resolve(s.repoURL(), s.targetRevision());
                    Repository repo = Git.open(mirrors.dir(s.repoURL()).toFile()).getRepository();
                    open.add(repo);
                    refs.put(s.ref(), new GitTree(repo, ObjectId.fromString(commit)));
                }
            }
            List<Rendering> out = new java.util.ArrayList<>();
            for (Source s : sources) {
                if (s.ref() != null && (s.path() == null || s.path().isEmpty())) {
                    continue;
                }
                String commit = resolve(s.repoURL(), s.targetRevision());
                try (Repository repo = Git.open(mirrors.dir(s.repoURL()).toFile()).getRepository()) {
                    out.add(new Rendering(commit, List.copyOf(Renderer.render(s, new GitTree(repo, ObjectId.fromString(commit)),
                            release, namespace, refs)), false));
                }
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            open.forEach(Repository::close);
        }
    }

    /** The commit a revision names now; a full SHA is taken as it is, if the repository has it. */
    public String resolve(String url, String revision) {
        String rev = revision == null || revision.isBlank() ? "HEAD" : revision.trim();
        Path dir = mirror(url);
        try (Git git = Git.open(dir.toFile())) {
            Repository repo = git.getRepository();
            ObjectId id = null;
            if (rev.matches("[0-9a-f]{40}")) {
                id = repo.getObjectDatabase().has(ObjectId.fromString(rev)) ? ObjectId.fromString(rev) : null;
            } else {
                for (String candidate : List.of("refs/heads/" + rev, "refs/tags/" + rev, rev)) {
                    id = repo.resolve(candidate + "^{commit}");
                    if (id != null) {
                        break;
                    }
                }
            }
            if (id == null) {
                throw new RenderException("revision '" + rev + "' does not exist in " + url);
            }
            return id.name();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Path mirror(String url) {
        try (GitSession session = session(url)) {
            Mirrors.Advertised remote = null;
            if (!revisionCache.isZero()) {
                Mirrors.Advertised known = advertised.get(url);
                remote = known != null && known.at().plus(revisionCache).isAfter(java.time.Instant.now()) ? known
                        : mirrors.lsRemote(url, session);
            }
            Path dir = mirrors.update(url, session, remote);
            if (remote != null) {
                // What the fetch brought is what counts as advertised until the window ends: a branch that moved
                // between the ls-remote and the fetch must not make every later call within the window fetch again.
                advertised.put(url, new Mirrors.Advertised(mirrors.refs(url), remote.at()));
            }
            return dir;
        } catch (GitAPIException e) {
            String safe = Remotes.safe(url);
            throw new RenderException("Cannot fetch " + safe + ": " + String.valueOf(e.getMessage()).replace(url, safe), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RenderException("Interrupted while waiting for another fetch of " + Remotes.safe(url), e);
        }
    }

    private GitSession session(String url) {
        try {
            return new GitSession(url, auth.apply(url), null, timeout);
        } catch (IllegalArgumentException e) {
            throw new RenderException(e.getMessage(), e);
        }
    }
}
