package io.gitopsbridge.writeback;

import io.gitopsbridge.image.ImageRef;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Builds edits from what people write: an image and a file, or a map per edit (a Jenkinsfile list). */
public final class Edits {
    private static final Set<String> KEYS = Set.of("file", "path", "value", "create", "image", "container", "name", "parameter");

    private Edits() {}

    /**
     * The edit that puts {@code image} into {@code file}, chosen by the file: a kustomization gets an
     * {@code images:} entry (named {@code name}, by default the image's repository); an Argo CD
     * {@code .argocd-source-*.yaml} gets the Helm parameter {@code parameter} (default {@code image.tag}); with a
     * {@code path}, that value (a Helm values file) gets the tag; otherwise the manifests' containers (the one named
     * {@code container}, or every one using the image's repository) get it.
     */
    public static Edit forImage(String file, ImageRef image, String path, String container, String name, String parameter) {
        String base = file.substring(file.lastIndexOf('/') + 1);
        if (base.equals("kustomization.yaml") || base.equals("kustomization.yml") || base.equals("Kustomization")) {
            return new Edit.KustomizeImage(file, name == null ? image.repository() : name,
                    name == null ? null : image.repository(), image.tag(), image.digest());
        }
        if (base.startsWith(".argocd-source-") && (base.endsWith(".yaml") || base.endsWith(".yml"))) {
            return new Edit.ArgoHelmParameter(file, parameter == null ? "image.tag" : parameter, tagOrDigest(image));
        }
        if (path != null) {
            return new Edit.SetValue(file, path, tagOrDigest(image), false);
        }
        return new Edit.ContainerImage(file, container, container == null ? image.repository() : null, image.tag(), image.digest());
    }

    private static String tagOrDigest(ImageRef image) {
        if (image.tag() != null && image.digest() != null) {
            throw new IllegalArgumentException(image + ": a single value takes a tag or a digest, not both");
        }
        return image.tag() != null ? image.tag() : image.digest();
    }

    /**
     * Edits from maps, as a Jenkinsfile writes them: {@code [file: …, path: …, value: …]} for any value, or
     * {@code [file: …, image: …]} with {@code path}, {@code container}, {@code name} or {@code parameter} as
     * {@link #forImage} takes them.
     *
     * @throws IllegalArgumentException naming the edit by its position and the problem
     */
    public static List<Edit> fromMaps(List<? extends Map<String, ?>> maps) {
        List<Edit> edits = new ArrayList<>();
        for (int i = 0; i < maps.size(); i++) {
            Map<String, ?> m = maps.get(i);
            String at = "edits[" + i + "]";
            Set<String> unknown = new TreeSet<>(m.keySet());
            unknown.removeAll(KEYS);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(at + ": unknown " + String.join(", ", unknown) + " (known: "
                        + String.join(", ", new TreeSet<>(KEYS)) + ")");
            }
            String file = text(m, "file");
            if (file == null) {
                throw new IllegalArgumentException(at + ": file is required");
            }
            try {
                if (m.containsKey("image")) {
                    edits.add(forImage(file, ImageRef.parse(text(m, "image")), text(m, "path"), text(m, "container"),
                            text(m, "name"), text(m, "parameter")));
                } else if (m.containsKey("path") && m.containsKey("value")) {
                    edits.add(new Edit.SetValue(file, text(m, "path"), text(m, "value"), Boolean.parseBoolean(text(m, "create"))));
                } else {
                    throw new IllegalArgumentException("give image, or path and value");
                }
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(at + " (" + file + "): " + e.getMessage(), e);
            }
        }
        return edits;
    }

    private static String text(Map<String, ?> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }
}
