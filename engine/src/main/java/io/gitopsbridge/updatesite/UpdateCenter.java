package io.gitopsbridge.updatesite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Writes {@code update-center.json} in the form {@code hudson.model.UpdateSite} (Jenkins 2.479.3) reads: the
 * site {@code id}, and per plugin name, version, download URL, checksums, required core and dependencies (each with
 * {@code optional}, which Jenkins requires), signed with an administrator's key so Jenkins accepts it with
 * signature checks on (see docs/install.md).
 */
public final class UpdateCenter {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private UpdateCenter() {}

    /**
     * @param siteId the id the site is configured with in Jenkins ({@code default} when it replaces the main site)
     * @param plugins the archives to offer
     * @param urlPrefix what to put before each archive's file name for its download URL; empty for a URL relative
     *     to the site's own
     * @param released the release timestamp to publish
     * @param connectionCheckUrl the URL Jenkins fetches to check it is online; without one it warns about the site
     * @param signing the key to sign with, or {@code null} for a document only a Jenkins without signature checks
     *     accepts
     * @throws IllegalArgumentException if a value cannot be signed reliably (a control character in a title)
     */
    public static String json(String siteId, List<PluginArchive> plugins, String urlPrefix, Instant released,
            String connectionCheckUrl, SigningKey signing) {
        ObjectNode root = JSON.createObjectNode();
        root.put("updateCenterVersion", 1);
        root.put("id", siteId);
        root.put("connectionCheckUrl", connectionCheckUrl);
        ObjectNode entries = root.putObject("plugins");
        for (PluginArchive p : plugins) {
            ObjectNode entry = entries.putObject(p.name());
            entry.put("name", p.name());
            entry.put("version", p.version());
            entry.put("title", p.title());
            entry.put("url", urlPrefix + p.file().getFileName());
            entry.put("sha1", p.sha1());
            entry.put("sha256", p.sha256());
            entry.put("sha512", p.sha512());
            entry.put("size", p.size());
            entry.put("requiredCore", p.requiredCore());
            if (p.url() != null) {
                entry.put("wiki", p.url());
            }
            entry.put("releaseTimestamp", released.truncatedTo(ChronoUnit.SECONDS).toString());
            ArrayNode deps = entry.putArray("dependencies");
            for (PluginArchive.Dependency d : p.dependencies()) {
                deps.addObject().put("name", d.name()).put("version", d.version()).put("optional", d.optional());
            }
        }
        if (signing != null) {
            root.set("signature", signing.sign(root));
        }
        try {
            return JSON.writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
