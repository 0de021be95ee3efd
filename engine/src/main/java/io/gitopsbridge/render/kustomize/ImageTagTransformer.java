package io.gitopsbridge.render.kustomize;

import io.gitopsbridge.render.RenderException;
import io.gitopsbridge.yaml.Trees;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * {@code images:}: new names, tags and digests for the images of every container list ({@code containers},
 * {@code initContainers}) anywhere in an object, and at the {@code images} field specs. The name is matched as
 * kustomize matches it: a regular expression for the repository, then an optional tag or digest.
 */
final class ImageTagTransformer {
    private static final Set<String> KEYS = Set.of("name", "newName", "newTag", "digest", "tagSuffix");
    private final Kustomization k;
    private final List<FieldSpec> specs;

    private final boolean legacy;

    ImageTagTransformer(Kustomization k, List<FieldSpec> specs) {
        this(k, specs, true);
    }

    /** @param legacy also every {@code containers} list anywhere, as the {@code images:} field does */
    ImageTagTransformer(Kustomization k, List<FieldSpec> specs, boolean legacy) {
        this.k = k;
        this.specs = specs;
        this.legacy = legacy;
    }

    private record Image(Pattern name, String newName, String newTag, String digest) {}

    void transform(ResMap m) {
        List<Map<String, Object>> entries = k.maps("images");
        for (int i = 0; i < entries.size(); i++) {
            Map<String, Object> e = entries.get(i);
            String where = k.at("images") + "[" + i + "]";
            k.checkKeys(e, where, KEYS);
            if (e.containsKey("tagSuffix")) {
                throw new UnsupportedFieldException(where + ": 'tagSuffix' is not supported");
            }
            if (e.get("name") == null) {
                throw new RenderException(where + ": needs a name");
            }
            Pattern pattern;
            try {
                pattern = Pattern.compile("^" + e.get("name") + "(@sha256)?(:[a-zA-Z0-9_.{}-]*)?$");
            } catch (PatternSyntaxException x) {
                // kustomize ignores a name that is not a regular expression: it matches no image.
                continue;
            }
            Image image = new Image(pattern, FieldSpec.str(e.get("newName")), FieldSpec.str(e.get("newTag")), FieldSpec.str(e.get("digest")));
            for (Resource r : m.all()) {
                if (legacy) {
                    containers(r.object(), image);
                }
                for (FieldSpec fs : specs) {
                    if (fs.selects(r.id())) {
                        fs.visit(r.object(), f -> {
                            if (f.value() instanceof String s) {
                                f.set(update(s, image));
                            }
                        });
                    }
                }
            }
        }
    }


    private static void containers(Object node, Image image) {
        Map<String, Object> map = Trees.map(node);
        if (map != null) {
            for (Map.Entry<String, Object> e : map.entrySet()) {
                if ((e.getKey().equals("containers") || e.getKey().equals("initContainers")) && Trees.list(e.getValue()) != null) {
                    for (Object c : Trees.list(e.getValue())) {
                        Map<String, Object> container = Trees.map(c);
                        if (container != null && container.get("image") instanceof String s) {
                            container.put("image", update(s, image));
                        }
                    }
                } else {
                    containers(e.getValue(), image);
                }
            }
        } else if (Trees.list(node) != null) {
            for (Object item : Trees.list(node)) {
                containers(item, image);
            }
        }
    }

    private static String update(String value, Image image) {
        if (!image.name().matcher(value).matches()) {
            return value;
        }
        String[] split = split(value);
        String name = image.newName().isEmpty() ? split[0] : image.newName();
        String tag = split[1];
        String digest = split[2];
        if (!image.newTag().isEmpty() && !image.digest().isEmpty()) {
            tag = image.newTag();
            digest = image.digest();
        } else if (!image.newTag().isEmpty()) {
            tag = image.newTag();
            digest = "";
        } else if (!image.digest().isEmpty()) {
            tag = "";
            digest = image.digest();
        }
        return name + (tag.isEmpty() ? "" : ":" + tag) + (digest.isEmpty() ? "" : "@" + digest);
    }

    /** kustomize's image.Split: name, tag and digest, a registry's port not taken for a tag. */
    static String[] split(String image) {
        int slash = image.indexOf('/');
        int from = slash > 0 ? slash : 0;
        String search = image.substring(from);
        int at = search.indexOf('@');
        int colon = search.indexOf(':');
        if (colon < 0 && at < 0) {
            return new String[] {image, "", ""};
        }
        if (at >= 0 && (at < colon || colon < 0)) {
            return new String[] {image.substring(0, from + at), "", image.substring(from + at + 1)};
        }
        if (at >= 0) {
            return new String[] {image.substring(0, from + colon), image.substring(from + colon + 1, from + at),
                image.substring(from + at + 1)};
        }
        return new String[] {image.substring(0, from + colon), image.substring(from + colon + 1), ""};
    }
}
