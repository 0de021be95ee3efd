package io.gitopsbridge.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.render.Source;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Git push webhooks from GitHub, GitLab, Gitea/Forgejo/Gogs and Bitbucket (Cloud and Data Center): each request is
 * verified with the provider's secret (an HMAC-SHA256 signature, or GitLab's token), its repository URLs and pushed
 * refs read, and the applications whose source is that repository at that branch or tag refreshed at once, hard (Git's
 * answers cached for the revision-cache window are not trusted), as Argo CD's webhook handler refreshes them.
 * A request without a signature is refused 401, one with a wrong signature or for a provider without a secret 403;
 * refusals are logged without the payload.
 */
public final class Webhook {
    /** The senders told apart by their headers; Forgejo and Gogs send Gitea's payload. */
    public enum Provider {
        GITHUB("GitHub"), GITLAB("GitLab"), GITEA("Gitea"), BITBUCKET("Bitbucket");

        private final String display;

        Provider(String display) {
            this.display = display;
        }

        public String display() {
            return display;
        }
    }

    /** The secret each provider's webhooks are verified with, if one is configured. */
    @FunctionalInterface
    public interface Secrets {
        Optional<byte[]> of(Provider provider);
    }

    /** What a push changed: the repository under each URL it goes by, and each ref (branch or tag) it moved. */
    public record Push(Provider provider, Set<String> repositories, List<Ref> refs, String defaultBranch) {}

    /** A pushed branch or tag, by its short name. */
    public record Ref(String name, boolean tag) {}

    /** GitHub's limit on a payload; larger requests are refused 413 before they are read. */
    public static final long MAX_BODY = 25L << 20;

    private final Supplier<List<Application>> applications;
    private final BiConsumer<String, Boolean> refresh;
    private final Secrets secrets;
    private final RateLimit rate;
    private final Consumer<String> log;

    /**
     * @param refresh refreshes an application by name, hard when asked
     * @param rate how many requests are let through; the rest are answered 429
     */
    public Webhook(Supplier<List<Application>> applications, BiConsumer<String, Boolean> refresh, Secrets secrets, RateLimit rate,
            Consumer<String> log) {
        this.applications = applications;
        this.refresh = refresh;
        this.secrets = secrets;
        this.rate = rate;
        this.log = log;
    }

    /**
     * Answers one request.
     *
     * @param headers the request's headers, names in lower case
     * @param from who sent it, for the log
     */
    public Api.Response receive(Map<String, String> headers, byte[] body, String from) {
        if (!rate.tryAcquire(from)) {
            log.accept("Webhook from " + from + " refused: too many requests");
            return Api.Response.error(429, "too many webhook requests; try again later");
        }
        Provider provider = provider(headers);
        if (provider == null) {
            return refuse(400, from, "the request is not a GitHub, GitLab, Gitea, Forgejo, Gogs or Bitbucket webhook");
        }
        Optional<byte[]> secret = secrets.of(provider);
        if (secret.isEmpty() || secret.get().length == 0) {
            return refuse(403, from, "no secret is configured for " + provider.display() + " webhooks");
        }
        String signature = signature(provider, headers);
        if (signature == null) {
            return refuse(401, from, "the " + provider.display() + " request is not signed");
        }
        if (!verified(provider, signature, secret.get(), body)) {
            return refuse(403, from, "the " + provider.display() + " request's signature does not match its secret");
        }
        String event = event(provider, headers);
        if (!isPush(provider, event)) {
            return Api.Response.json(200, Map.of("message", provider.display() + " event '" + event + "' is not a push: nothing"
                    + " to refresh"));
        }
        Push push;
        try {
            push = parse(provider, Api.json().readTree(body));
        } catch (IOException | RuntimeException e) {
            return refuse(400, from, "the " + provider.display() + " push payload does not read: " + e.getMessage());
        }
        List<String> refreshed = new ArrayList<>();
        for (Application app : applications.get()) {
            if (affected(app, push)) {
                refresh.accept(app.name(), true);
                refreshed.add(app.name());
            }
        }
        log.accept("Webhook: " + provider.display() + " push to " + String.join(", ", push.repositories()) + " ("
                + String.join(", ", push.refs().stream().map(Ref::name).toList()) + ") refreshed "
                + (refreshed.isEmpty() ? "no application" : String.join(", ", refreshed)));
        return Api.Response.json(200, Map.of("refreshed", refreshed));
    }

    private Api.Response refuse(int status, String from, String why) {
        log.accept("Webhook from " + from + " refused (" + status + "): " + why);
        return Api.Response.error(status, why);
    }

    static Provider provider(Map<String, String> headers) {
        // Gitea and Forgejo also send GitHub's and Gogs' headers, so they are looked for first.
        if (headers.containsKey("x-gitea-event") || headers.containsKey("x-forgejo-event") || headers.containsKey("x-gogs-event")) {
            return Provider.GITEA;
        }
        if (headers.containsKey("x-github-event")) {
            return Provider.GITHUB;
        }
        if (headers.containsKey("x-gitlab-event")) {
            return Provider.GITLAB;
        }
        if (headers.containsKey("x-event-key")) {
            return Provider.BITBUCKET;
        }
        return null;
    }

    private static String event(Provider provider, Map<String, String> headers) {
        return switch (provider) {
            case GITHUB -> headers.get("x-github-event");
            case GITLAB -> headers.get("x-gitlab-event");
            case GITEA -> first(headers, "x-gitea-event", "x-forgejo-event", "x-gogs-event");
            case BITBUCKET -> headers.get("x-event-key");
        };
    }

    private static boolean isPush(Provider provider, String event) {
        return switch (provider) {
            case GITHUB, GITEA -> "push".equals(event);
            case GITLAB -> "Push Hook".equals(event) || "Tag Push Hook".equals(event);
            case BITBUCKET -> "repo:push".equals(event) || "repo:refs_changed".equals(event);
        };
    }

    private static String signature(Provider provider, Map<String, String> headers) {
        return switch (provider) {
            case GITHUB -> headers.get("x-hub-signature-256");
            case GITLAB -> headers.get("x-gitlab-token");
            case GITEA -> first(headers, "x-gitea-signature", "x-forgejo-signature", "x-gogs-signature");
            // Bitbucket Data Center and, with a secret, Bitbucket Cloud sign as GitHub does, under the older name.
            case BITBUCKET -> headers.get("x-hub-signature");
        };
    }

    private static String first(Map<String, String> headers, String... names) {
        for (String n : names) {
            if (headers.get(n) != null) {
                return headers.get(n);
            }
        }
        return null;
    }

    static boolean verified(Provider provider, String signature, byte[] secret, byte[] body) {
        if (provider == Provider.GITLAB) {
            return MessageDigest.isEqual(signature.getBytes(StandardCharsets.UTF_8), secret);
        }
        String expected = HexFormat.of().formatHex(hmac(secret, body));
        String given = signature.strip().toLowerCase(Locale.ROOT);
        if (provider != Provider.GITEA || given.startsWith("sha256=")) {
            if (!given.startsWith("sha256=")) {
                return false;
            }
            given = given.substring("sha256=".length());
        }
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), expected.getBytes(StandardCharsets.US_ASCII));
    }

    static byte[] hmac(byte[] secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository and refs of a push payload, in each provider's own shape. */
    static Push parse(Provider provider, JsonNode p) {
        Set<String> urls = new LinkedHashSet<>();
        List<Ref> refs = new ArrayList<>();
        String defaultBranch = null;
        switch (provider) {
            case GITHUB, GITEA -> {
                JsonNode repo = p.path("repository");
                add(urls, repo, "html_url", "clone_url", "ssh_url", "git_url");
                refs.add(ref(p.path("ref").asText()));
                defaultBranch = textOrNull(repo.path("default_branch"));
            }
            case GITLAB -> {
                JsonNode project = p.path("project");
                add(urls, project, "web_url", "git_http_url", "git_ssh_url");
                add(urls, p.path("repository"), "homepage", "git_http_url", "git_ssh_url");
                refs.add(ref(p.path("ref").asText()));
                defaultBranch = textOrNull(project.path("default_branch"));
            }
            case BITBUCKET -> {
                JsonNode repo = p.path("repository");
                if (p.has("push")) {
                    // Cloud: the web URL and, from the full name, the SSH URL; the payload has no default branch.
                    add(urls, repo.path("links").path("html"), "href");
                    if (repo.path("full_name").isTextual()) {
                        urls.add(repoKey("git@bitbucket.org:" + repo.get("full_name").asText() + ".git"));
                    }
                    for (JsonNode change : p.path("push").path("changes")) {
                        JsonNode side = change.path("new").isObject() ? change.path("new") : change.path("old");
                        if (side.path("name").isTextual()) {
                            refs.add(new Ref(side.get("name").asText(), "tag".equals(side.path("type").asText())));
                        }
                    }
                } else {
                    // Data Center: every clone URL.
                    for (JsonNode clone : repo.path("links").path("clone")) {
                        if (clone.path("href").isTextual()) {
                            urls.add(repoKey(clone.get("href").asText()));
                        }
                    }
                    for (JsonNode change : p.path("changes")) {
                        JsonNode r = change.path("ref");
                        refs.add(new Ref(r.path("displayId").asText(), "TAG".equals(r.path("type").asText())));
                    }
                }
            }
            default -> throw new IllegalStateException(provider.name());
        }
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("no repository URL in the payload");
        }
        return new Push(provider, urls, refs, defaultBranch);
    }

    private static void add(Set<String> urls, JsonNode node, String... fields) {
        for (String f : fields) {
            if (node.path(f).isTextual() && !node.get(f).asText().isBlank()) {
                urls.add(repoKey(node.get(f).asText()));
            }
        }
    }

    private static String textOrNull(JsonNode n) {
        return n.isTextual() && !n.asText().isEmpty() ? n.asText() : null;
    }

    private static Ref ref(String ref) {
        if (ref.startsWith("refs/tags/")) {
            return new Ref(ref.substring("refs/tags/".length()), true);
        }
        return new Ref(ref.startsWith("refs/heads/") ? ref.substring("refs/heads/".length()) : ref, false);
    }

    /**
     * A repository as Argo CD's webhook handler matches it ({@code getWebUrlRegex}): host and path, whatever the scheme
     * ({@code https}, {@code http}, {@code ssh}, {@code git}), user, port or {@code .git}, case ignored; scp-style
     * {@code user@host:path} included.
     */
    static String repoKey(String url) {
        String u = url.strip().toLowerCase(Locale.ROOT).replaceFirst("^[a-z][a-z0-9+.-]*://", "");
        int slash = u.indexOf('/');
        int at = u.indexOf('@');
        if (at >= 0 && (slash < 0 || at < slash)) {
            u = u.substring(at + 1);
        }
        slash = u.indexOf('/');
        int colon = u.indexOf(':');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            String after = u.substring(colon + 1);
            u = u.substring(0, colon) + (after.matches("[0-9]+(/.*)?") ? after.replaceFirst("^[0-9]+", "") : "/" + after);
        }
        return u.replaceFirst("/+$", "").replaceFirst("\\.git$", "");
    }

    /**
     * Whether the push moved what one of {@code app}'s sources follows, as Argo CD decides it: the same repository, and
     * its target revision is a pushed branch or tag, or {@code HEAD} (or empty) and the default branch was pushed; where
     * the payload does not say which branch is the default (Bitbucket), a push to any branch refreshes it.
     */
    static boolean affected(Application app, Push push) {
        for (Source source : app.sources()) {
            if (source.repoURL() == null || !push.repositories().contains(repoKey(source.repoURL()))) {
                continue;
            }
            String target = source.targetRevision() == null ? "" : source.targetRevision().strip();
            if (target.isEmpty() || target.equals("HEAD")) {
                if (push.refs().stream().anyMatch(r -> !r.tag() && (push.defaultBranch() == null
                        || r.name().equals(push.defaultBranch())))) {
                    return true;
                }
                continue;
            }
            String wanted = target.replaceFirst("^refs/(heads|tags)/", "");
            if (push.refs().stream().anyMatch(r -> r.name().equals(wanted))) {
                return true;
            }
        }
        return false;
    }

    /** Reads at most {@code limit} bytes of {@code in}; empty when there is more, so the request can be refused 413. */
    public static Optional<byte[]> readBounded(InputStream in, long limit) throws IOException {
        byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
        return bytes.length > limit ? Optional.empty() : Optional.of(bytes);
    }
}
