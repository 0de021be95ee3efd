package io.jenkins.plugins.gitopsbridge.steps;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Jenkins build a step runs for, as its Pods record it.
 *
 * @param job the job's full name, such as {@code team/api/main}
 * @param number the build number
 * @param id the build's externalizable ID ({@code team/api/main#42})
 * @param url the build's absolute URL, or {@code null} when Jenkins' URL is not configured
 */
record BuildInfo(String job, int number, String id, String url) {
    static final String LABEL_JOB = "gitops-bridge.io/job";
    static final String LABEL_BUILD = "gitops-bridge.io/build";
    static final String LABEL_BUILD_ID = "gitops-bridge.io/build-id";
    /** One step execution of the build: a build may run several steps, one after another or in parallel. */
    static final String LABEL_STEP = "gitops-bridge.io/step";
    static final String ANNOTATION_JOB = "gitops-bridge.io/job";
    static final String ANNOTATION_BUILD_URL = "gitops-bridge.io/build-url";

    /** The build as Jenkins knows it. */
    static BuildInfo of(hudson.model.Run<?, ?> build) {
        String root = jenkins.model.Jenkins.get().getRootUrl();
        return new BuildInfo(build.getParent().getFullName(), build.getNumber(), build.getExternalizableId(),
                root == null ? null : root + build.getUrl());
    }

    /**
     * Labels to select a build's Pods with: the job name made a valid label value, the number, and a hash of the
     * build ID (unique where a shortened job name might not be).
     */
    Map<String, String> labels() {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(LABEL_JOB, labelValue(job));
        labels.put(LABEL_BUILD, Integer.toString(number));
        labels.put(LABEL_BUILD_ID, buildIdHash(id));
        return labels;
    }

    /** The full job name and the build's URL, which labels cannot hold. */
    Map<String, String> annotations() {
        Map<String, String> annotations = new LinkedHashMap<>();
        annotations.put(ANNOTATION_JOB, job);
        if (url != null) {
            annotations.put(ANNOTATION_BUILD_URL, url);
        }
        return annotations;
    }

    static String buildIdHash(String id) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** At most 63 of {@code [A-Za-z0-9_.-]}, starting and ending with a letter or digit. */
    static String labelValue(String text) {
        String value = text.replaceAll("[^A-Za-z0-9_.-]", "_");
        if (value.length() > 63) {
            value = value.substring(value.length() - 63);
        }
        return value.replaceAll("^[^A-Za-z0-9]+", "").replaceAll("[^A-Za-z0-9]+$", "");
    }
}
