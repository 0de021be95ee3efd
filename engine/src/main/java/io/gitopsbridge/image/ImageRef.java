package io.gitopsbridge.image;

/**
 * An image reference split into its parts: {@code registry.example.com/team/api:1.4.0@sha256:…}.
 *
 * @param repository everything before the tag and digest
 * @param tag the tag, or {@code null}
 * @param digest the digest, or {@code null}
 */
public record ImageRef(String repository, String tag, String digest) {
    /**
     * @throws IllegalArgumentException if it has neither a tag nor a digest, or an empty part
     */
    public static ImageRef parse(String image) {
        String text = image == null ? "" : image.trim();
        String digest = null;
        int at = text.indexOf('@');
        if (at >= 0) {
            digest = text.substring(at + 1);
            text = text.substring(0, at);
        }
        String repository = repository(text);
        String tag = text.length() > repository.length() ? text.substring(repository.length() + 1) : null;
        if (repository.isEmpty() || (tag == null && digest == null) || "".equals(tag) || "".equals(digest)) {
            throw new IllegalArgumentException("'" + image + "' is not an image reference with a tag or digest, such as"
                    + " registry.example.com/team/api:1.4.0");
        }
        return new ImageRef(repository, tag, digest);
    }

    /** An image reference's repository: without {@code :tag} and {@code @digest} (a registry port is kept). */
    public static String repository(String image) {
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        int colon = withoutDigest.lastIndexOf(':');
        return colon > withoutDigest.lastIndexOf('/') ? withoutDigest.substring(0, colon) : withoutDigest;
    }

    /** Commit message template values: {@code image} (the repository), {@code newTag} and {@code digest} when set. */
    public java.util.Map<String, String> templateValues() {
        java.util.Map<String, String> values = new java.util.LinkedHashMap<>();
        values.put("image", repository);
        if (tag != null) {
            values.put("newTag", tag);
        }
        if (digest != null) {
            values.put("digest", digest);
        }
        return values;
    }

    @Override
    public String toString() {
        return repository + (tag == null ? "" : ":" + tag) + (digest == null ? "" : "@" + digest);
    }
}
