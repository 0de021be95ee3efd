package io.gitopsbridge.git;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jgit.transport.URIish;

/**
 * The repository URLs this process reaches. Only network transports: JGit also reads local paths, {@code file:}
 * URLs, bundle files and {@code amazon-s3:} URLs (whose user part names a local properties file), and each of those
 * would let a pipeline read or write the controller's disk (cf. the git plugin's SECURITY-2478).
 */
public final class Remotes {
    private static final Set<String> NETWORK = Set.of("https", "http", "ssh", "git", "ssh+git", "git+ssh");

    private Remotes() {}

    /**
     * Argo CD's {@code NormalizeGitURL}, by which it tells two spellings of one repository apart from two repositories:
     * lowercase, scp-style SSH as a URL, no {@code .git}, no {@code ssh://}.
     */
    public static String normalize(String url) {
        String repo = url.strip().toLowerCase(Locale.ROOT);
        if (!repo.contains("://") && repo.matches("[^/@:]+@[^:/]+:.*")) {
            repo = "ssh://" + repo.replaceFirst(":", "/");
        }
        if (repo.endsWith(".git")) {
            repo = repo.substring(0, repo.length() - 4);
        }
        return repo.startsWith("ssh://") ? repo.substring("ssh://".length()) : repo;
    }

    /**
     * @throws IllegalArgumentException if the URL is not a network URL: a path, {@code file:} and every other
     *     transport that reads this machine's disk
     */
    public static void requireNetwork(String url) {
        if (url == null || url.isBlank()) {
            throw new IllegalArgumentException("A repository URL is required");
        }
        URIish uri;
        try {
            uri = new URIish(url.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("'" + safe(url) + "' is not a repository URL: " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? null : uri.getScheme().toLowerCase(Locale.ROOT);
        boolean scpLike = scheme == null && uri.getHost() != null && !uri.getHost().isEmpty();
        if (scpLike || (scheme != null && NETWORK.contains(scheme) && uri.getHost() != null && !uri.getHost().isEmpty())) {
            return;
        }
        throw new IllegalArgumentException("Repository '" + safe(url) + "' is not reachable over the network: local"
                + " paths and " + (scheme == null ? "file" : scheme) + ": URLs would read this machine's disk, so only"
                + " https://, http://, ssh://, git:// and user@host:path are accepted");
    }

    /** The URL without any user information, for messages and logs. */
    public static String safe(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getUserInfo() != null) {
                return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
            }
        } catch (IllegalArgumentException | URISyntaxException e) {
            return url.replaceAll("//[^/@]*@", "//");
        }
        return url;
    }
}
