package io.gitopsbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each provider's push payload, in the shape its documentation and Argo CD's test data give, signed as the provider
 * signs it, refreshes the applications of that repository and branch, and only those.
 */
@Timeout(30)
class WebhookTest {
    private static final byte[] SECRET = "canary-token-webhook-secret".getBytes(StandardCharsets.UTF_8);

    private final List<String> refreshed = new CopyOnWriteArrayList<>();
    private final List<String> logged = new CopyOnWriteArrayList<>();

    private static Application app(String name, String repo, String revision) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: argocd}
                spec:
                  source: {repoURL: '%s', path: %s, targetRevision: '%s'}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(name, repo, name, revision, name));
    }

    private final List<Application> apps = List.of(
            app("shop", "https://github.com/team/config.git", "main"),
            app("shop-head", "git@github.com:team/config.git", "HEAD"),
            app("shop-ssh", "ssh://git@github.com:22/Team/Config", "refs/heads/main"),
            app("shop-release", "https://github.com/team/config", "v1.2.0"),
            app("shop-staging", "https://github.com/team/config", "staging"),
            app("gitlab-app", "ssh://git@gitlab:2222/group/name.git", "master"),
            app("gitea-app", "https://gitea.example.com/ops/deploy.git", ""),
            app("cloud-app", "git@bitbucket.org:team/infra.git", "main"),
            app("cloud-https", "https://dan@bitbucket.org/team/infra.git", "main"),
            app("server-app", "https://bitbucketserver/scm/myproject/test-repo.git", "refs/heads/master"),
            app("elsewhere", "https://github.com/other/repo", "main"));

    private Webhook webhook(RateLimit rate) {
        return new Webhook(() -> apps, (name, hard) -> refreshed.add(name + (hard ? " (hard)" : "")),
                provider -> Optional.of(SECRET), rate, logged::add);
    }

    private Webhook webhook() {
        return webhook(new RateLimit(1000, 1000));
    }

    /** A GitHub delivery of {@code event}, signed as GitHub signs it. */
    private Api.Response github(String event, String body, String from) {
        return webhook().receive(Map.of("x-github-event", event, "x-hub-signature-256", "sha256=" + hmac(body)), bytes(body), from);
    }

    private static String hmac(String body) {
        return HexFormat.of().formatHex(Webhook.hmac(SECRET, body.getBytes(StandardCharsets.UTF_8)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static final String GITHUB_PUSH = """
            {"ref": "refs/heads/main", "before": "5d6f7e8a9b0c1d2e3f4a5b6c7d8e9f0a1b2c3d4e",
             "after": "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b",
             "repository": {"id": 1296269, "name": "config", "full_name": "team/config", "private": true,
               "html_url": "https://github.com/team/config", "git_url": "git://github.com/team/config.git",
               "ssh_url": "git@github.com:team/config.git", "clone_url": "https://github.com/team/config.git",
               "default_branch": "main"},
             "pusher": {"name": "alice", "email": "alice@example.com"},
             "commits": [{"id": "0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6e7f8a9b", "message": "shop: v2", "modified": ["shop/values.yaml"]}]}
            """;

    @Test
    void aGitHubPushRefreshesTheAppsOfThatRepositoryAndBranchHardIncludingThoseFollowingHead() {
        Api.Response r = webhook().receive(Map.of("x-github-event", "push", "x-hub-signature-256", "sha256=" + hmac(GITHUB_PUSH),
                "content-type", "application/json"), bytes(GITHUB_PUSH), "192.0.2.10");

        assertThat(r.status()).as(r.text()).isEqualTo(200);
        // Any spelling of the repository (scheme, user, port, .git, case, scp-style SSH) is the same repository.
        assertThat(refreshed).containsExactly("shop (hard)", "shop-head (hard)", "shop-ssh (hard)");
        assertThat(r.text()).isEqualTo("{\"refreshed\":[\"shop\",\"shop-head\",\"shop-ssh\"]}");
        assertThat(logged).containsExactly("Webhook: GitHub push to github.com/team/config (main) refreshed shop, shop-head,"
                + " shop-ssh");
    }

    @Test
    void aGitHubTagPushRefreshesTheAppsThatFollowThatTagOnly() {
        String body = GITHUB_PUSH.replace("refs/heads/main", "refs/tags/v1.2.0");
        Api.Response r = github("push", body, "192.0.2.10");
        assertThat(r.status()).isEqualTo(200);
        assertThat(refreshed).containsExactly("shop-release (hard)");
    }

    @Test
    void unsignedBadlySignedAndUnconfiguredRequestsAreRefusedAndLoggedWithoutThePayload() {
        Map<String, String> unsigned = Map.of("x-github-event", "push");
        assertThat(webhook().receive(unsigned, bytes(GITHUB_PUSH), "192.0.2.66").status()).isEqualTo(401);
        Map<String, String> wrong = Map.of("x-github-event", "push", "x-hub-signature-256", "sha256=" + hmac(GITHUB_PUSH + " "));
        assertThat(webhook().receive(wrong, bytes(GITHUB_PUSH), "192.0.2.66").status()).isEqualTo(403);
        Map<String, String> sha1Only = Map.of("x-github-event", "push", "x-hub-signature", "sha1=0123");
        assertThat(webhook().receive(sha1Only, bytes(GITHUB_PUSH), "192.0.2.66").status()).isEqualTo(401);
        Webhook noSecrets = new Webhook(() -> apps, (n, h) -> refreshed.add(n), p -> Optional.empty(), new RateLimit(10, 10),
                logged::add);
        Map<String, String> signed = Map.of("x-github-event", "push", "x-hub-signature-256", "sha256=" + hmac(GITHUB_PUSH));
        assertThat(noSecrets.receive(signed, bytes(GITHUB_PUSH), "192.0.2.66").status()).isEqualTo(403);

        assertThat(refreshed).isEmpty();
        assertThat(logged).containsExactly(
                "Webhook from 192.0.2.66 refused (401): the GitHub request is not signed",
                "Webhook from 192.0.2.66 refused (403): the GitHub request's signature does not match its secret",
                "Webhook from 192.0.2.66 refused (401): the GitHub request is not signed",
                "Webhook from 192.0.2.66 refused (403): no secret is configured for GitHub webhooks");
        assertThat(String.join("\n", logged)).doesNotContain("team/config", "canary-token");
    }

    @Test
    void aPushToAnUnknownRepositoryOrAnotherEventIsANoOp() {
        String body = GITHUB_PUSH.replace("team/config", "team/unknown");
        Api.Response r = github("push", body, "192.0.2.10");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.text()).isEqualTo("{\"refreshed\":[]}");
        String ping = "{\"zen\": \"Keep it logically awesome.\", \"hook_id\": 1}";
        Api.Response pong = github("ping", ping, "192.0.2.10");
        assertThat(pong.status()).isEqualTo(200);
        assertThat(pong.text()).contains("is not a push");
        assertThat(refreshed).isEmpty();
    }

    @Test
    void aGitLabPushIsVerifiedByItsTokenAndMatchesTheSshUrlWithAPort() {
        String body = """
                {"object_kind": "push", "event_name": "push", "ref": "refs/heads/master",
                 "checkout_sha": "bb0748feaa336d841c251017e4e374c22d0c8a98", "user_username": "bob",
                 "project": {"id": 1, "name": "name", "web_url": "https://gitlab/group/name",
                   "git_ssh_url": "ssh://git@gitlab:2222/group/name.git", "git_http_url": "https://gitlab/group/name.git",
                   "path_with_namespace": "group/name", "default_branch": "master"},
                 "repository": {"name": "name", "url": "ssh://git@gitlab:2222/group/name.git", "homepage": "https://gitlab/group/name",
                   "git_http_url": "https://gitlab/group/name.git", "git_ssh_url": "ssh://git@gitlab:2222/group/name.git"}}
                """;
        Api.Response wrong = webhook().receive(Map.of("x-gitlab-event", "Push Hook", "x-gitlab-token", "guess"), bytes(body), "gl");
        assertThat(wrong.status()).isEqualTo(403);
        Api.Response r = webhook().receive(Map.of("x-gitlab-event", "Push Hook", "x-gitlab-token",
                new String(SECRET, StandardCharsets.UTF_8)), bytes(body), "gl");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(refreshed).containsExactly("gitlab-app (hard)");
    }

    @Test
    void aGiteaOrForgejoPushIsVerifiedByItsOwnSignatureHeaderAndFollowsTheDefaultBranch() {
        String body = """
                {"ref": "refs/heads/trunk", "before": "28e1879d029cb852e4844d9c718537df08844e03",
                 "after": "bffeb74224043ba2feb48d137756c8a9331c449a", "compare_url": "",
                 "repository": {"id": 140, "name": "deploy", "full_name": "ops/deploy",
                   "html_url": "https://gitea.example.com/ops/deploy", "ssh_url": "git@gitea.example.com:ops/deploy.git",
                   "clone_url": "https://gitea.example.com/ops/deploy.git", "default_branch": "trunk"},
                 "pusher": {"login": "carol"}}
                """;
        // Gitea also sends GitHub's headers; its own decide.
        Api.Response r = webhook().receive(Map.of("x-gitea-event", "push", "x-github-event", "push", "x-gitea-signature", hmac(body)),
                bytes(body), "gitea");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        Api.Response forgejo = webhook().receive(Map.of("x-forgejo-event", "push", "x-forgejo-signature", hmac(body)), bytes(body), "fj");
        assertThat(forgejo.status()).isEqualTo(200);
        String other = body.replace("refs/heads/trunk", "refs/heads/feature");
        webhook().receive(Map.of("x-gitea-event", "push", "x-gitea-signature", hmac(other)), bytes(other), "gitea");
        // An empty targetRevision follows the default branch: the push to feature refreshes nothing.
        assertThat(refreshed).containsExactly("gitea-app (hard)", "gitea-app (hard)");
    }

    @Test
    void bitbucketCloudAndDataCenterPushesRefreshByTheirChangesAndCloneUrls() {
        String cloud = """
                {"actor": {"display_name": "Dan"},
                 "repository": {"type": "repository", "full_name": "team/infra", "name": "infra",
                   "links": {"html": {"href": "https://bitbucket.org/team/infra"}}, "uuid": "{3c1a5e2b-0000-4000-8000-000000000001}"},
                 "push": {"changes": [{"new": {"type": "branch", "name": "main", "target": {"hash": "709d658dc5b6d6afcd46049c2f332ee3f515a67d"}},
                   "old": {"type": "branch", "name": "main"}, "created": false, "closed": false}]}}
                """;
        Api.Response r = webhook().receive(Map.of("x-event-key", "repo:push", "x-hook-uuid", "abc", "x-hub-signature",
                "sha256=" + hmac(cloud)), bytes(cloud), "bb");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        String server = """
                {"eventKey": "repo:refs_changed", "date": "2026-11-30T19:37:57+1000", "actor": {"name": "john"},
                 "repository": {"slug": "test-repo", "name": "test-repo", "project": {"key": "MYPROJECT"},
                   "links": {"clone": [{"href": "ssh://git@bitbucketserver:7999/myproject/test-repo.git", "name": "ssh"},
                                       {"href": "https://john@bitbucketserver/scm/myproject/test-repo.git", "name": "http"}]}},
                 "changes": [{"ref": {"id": "refs/heads/master", "displayId": "master", "type": "BRANCH"},
                   "refId": "refs/heads/master", "fromHash": "f09c8889a2d234985734958795a31589cd91ffda",
                   "toHash": "22671f0349857934857983457983475ec39f196b", "type": "UPDATE"}]}
                """;
        Api.Response dc = webhook().receive(Map.of("x-event-key", "repo:refs_changed", "x-request-id", "r1", "x-hub-signature",
                "sha256=" + hmac(server)), bytes(server), "bbs");
        assertThat(dc.status()).as(dc.text()).isEqualTo(200);
        assertThat(refreshed).containsExactly("cloud-app (hard)", "cloud-https (hard)", "server-app (hard)");
    }

    @Test
    void requestsBeyondTheRateAreRefusedBeforeAnythingIsRead() throws Exception {
        Webhook limited = webhook(new RateLimit(0.001, 2));
        Map<String, String> headers = Map.of("x-github-event", "push", "x-hub-signature-256", "sha256=" + hmac(GITHUB_PUSH));
        assertThat(limited.receive(headers, bytes(GITHUB_PUSH), "a").status()).isEqualTo(200);
        assertThat(limited.receive(headers, bytes(GITHUB_PUSH), "a").status()).isEqualTo(200);
        Api.Response tooMany = limited.receive(headers, bytes(GITHUB_PUSH), "a");
        assertThat(tooMany.status()).isEqualTo(429);
        assertThat(tooMany.text()).contains("too many webhook requests; try again later");
        assertThat(limited.receive(headers, bytes(GITHUB_PUSH), "b").status()).as("another sender has its own bucket")
                .isEqualTo(200);
        assertThat(Webhook.readBounded(new java.io.ByteArrayInputStream(new byte[11]), 10)).isEmpty();
        assertThat(Webhook.readBounded(new java.io.ByteArrayInputStream(new byte[10]), 10)).hasValueSatisfying(b -> assertThat(b).hasSize(10));
    }

    @Test
    void anUnknownSenderIsRefused() {
        Api.Response r = webhook().receive(Map.of("content-type", "application/json"), bytes("{}"), "x");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.text()).contains("the request is not a GitHub, GitLab, Gitea, Forgejo, Gogs or Bitbucket webhook");
        Api.Response broken = github("push", "{\"ref\": \"refs/heads/main\"}", "x");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.text()).contains("the GitHub push payload does not read: no repository URL in the payload");
    }
}
