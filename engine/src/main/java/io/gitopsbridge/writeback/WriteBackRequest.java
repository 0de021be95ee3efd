package io.gitopsbridge.writeback;

import io.gitopsbridge.git.GitAuth;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One write-back: edits committed together to a branch of a config repository.
 *
 * @param url the repository: {@code https://…}, {@code ssh://…} or {@code user@host:path}; never a local path
 * @param branch the branch the edits are made on
 * @param auth how to authenticate
 * @param caCertificate PEM certificates of the CA that signed an HTTPS server's certificate (trusted instead of
 *     the JVM's trust store for that server), or {@code null}
 * @param edits applied in order, in one commit
 * @param message the commit message template; {@code ${name}} takes a value from {@code values}
 * @param values template values, such as {@code image}, {@code newTag}, {@code digest}, {@code sourceCommit},
 *     {@code buildUrl}; {@code sourceCommit} and {@code buildUrl} are also added as trailers
 * @param author the commit's author
 * @param committer the committer, or {@code null} for the author
 * @param pushBranch a branch name template to push to instead of {@code branch} (for pull requests), or {@code null}
 * @param maxAttempts how many times to try when a push loses a race
 */
public record WriteBackRequest(
        String url,
        String branch,
        GitAuth auth,
        String caCertificate,
        List<Edit> edits,
        String message,
        Map<String, String> values,
        Identity author,
        Identity committer,
        String pushBranch,
        int maxAttempts) {

    public static final String DEFAULT_MESSAGE = "Update ${summary}";

    /** A commit author or committer. */
    public record Identity(String name, String email) {
        public Identity {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(email, "email");
        }
    }

    public WriteBackRequest {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(branch, "branch");
        auth = auth == null ? GitAuth.NONE : auth;
        edits = List.copyOf(edits);
        if (edits.isEmpty()) {
            throw new IllegalArgumentException("a write-back needs at least one edit");
        }
        message = message == null || message.isBlank() ? DEFAULT_MESSAGE : message;
        values = Map.copyOf(values);
        Objects.requireNonNull(author, "author");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }

    /** A request with the default message, no template values, author as committer, and 10 attempts. */
    public static WriteBackRequest of(String url, String branch, GitAuth auth, List<Edit> edits, Identity author) {
        return new WriteBackRequest(url, branch, auth, null, edits, null, Map.of(), author, null, null, 10);
    }

    public WriteBackRequest withMessage(String template, Map<String, String> templateValues) {
        return new WriteBackRequest(url, branch, auth, caCertificate, edits, template, templateValues, author, committer, pushBranch,
                maxAttempts);
    }

    public WriteBackRequest withCaCertificate(String pem) {
        return new WriteBackRequest(url, branch, auth, pem, edits, message, values, author, committer, pushBranch, maxAttempts);
    }

    public WriteBackRequest withPushBranch(String template) {
        return new WriteBackRequest(url, branch, auth, caCertificate, edits, message, values, author, committer, template,
                maxAttempts);
    }
}
