package io.gitopsbridge.writeback;

import io.gitopsbridge.image.ImageRef;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/** Applies {@link Edit}s to file text, changing only the bytes of the values they set. */
public final class Editor {
    private static final List<List<String>> CONTAINER_LISTS = List.of(
            List.of("spec", "containers"), List.of("spec", "initContainers"),
            List.of("spec", "template", "spec", "containers"), List.of("spec", "template", "spec", "initContainers"),
            List.of("spec", "jobTemplate", "spec", "template", "spec", "containers"),
            List.of("spec", "jobTemplate", "spec", "template", "spec", "initContainers"));

    private Editor() {}

    /**
     * The text after the edit; the same string when the file already holds the values.
     *
     * @param text the file's content, or {@code null} if it does not exist
     * @throws WriteBackException naming the file, line and path when the edit does not apply
     */
    public static String apply(Edit edit, String text) {
        if (text == null && !(edit instanceof Edit.ArgoHelmParameter)) {
            throw new WriteBackException(edit.file() + ": no such file");
        }
        if (edit instanceof Edit.SetValue e) {
            return setValue(e, new YamlText(e.file(), text));
        }
        if (edit instanceof Edit.KustomizeImage e) {
            return kustomizeImage(e, new YamlText(e.file(), text));
        }
        if (edit instanceof Edit.ContainerImage e) {
            return containerImage(e, new YamlText(e.file(), text));
        }
        return argoParameter((Edit.ArgoHelmParameter) edit, text);
    }

    private static String setValue(Edit.SetValue e, YamlText yaml) {
        YamlPath path = YamlPath.parse(e.path());
        Node doc = yaml.single();
        Optional<ScalarNode> found = yaml.scalar(doc, path);
        if (found.isPresent()) {
            if (!found.get().getValue().equals(e.value())) {
                yaml.setScalar(found.get(), e.value(), e.path());
            }
            return yaml.text();
        }
        // Find the deepest existing mapping; only trailing plain keys can be added without guessing.
        Node node = doc;
        int i = 0;
        List<YamlPath.Segment> segments = path.segments();
        for (; i < segments.size(); i++) {
            Optional<Node> next = segments.get(i) instanceof YamlPath.Key k ? YamlText.get(node, k.name()) : Optional.empty();
            if (next.isEmpty()) {
                break;
            }
            node = next.get();
        }
        List<String> missing = new ArrayList<>();
        for (YamlPath.Segment s : segments.subList(i, segments.size())) {
            if (!(s instanceof YamlPath.Key k)) {
                missing = null;
                break;
            }
            missing.add(k.name());
        }
        if (!e.create() || missing == null || !(node instanceof MappingNode mapping)) {
            throw new WriteBackException(e.file() + ": " + e.path() + ": not found"
                    + (e.create() ? " and cannot be added unambiguously (a list item or a non-mapping is missing)" : ""));
        }
        yaml.addKeys(mapping, missing, e.value(), e.path());
        return yaml.text();
    }

    private static String kustomizeImage(Edit.KustomizeImage e, YamlText yaml) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", e.name());
        if (e.newName() != null) {
            fields.put("newName", e.newName());
        }
        if (e.newTag() != null) {
            fields.put("newTag", e.newTag());
        }
        if (e.digest() != null) {
            fields.put("digest", e.digest());
        }
        Node doc = yaml.single();
        Optional<Node> images = YamlText.get(doc, "images");
        if (images.isEmpty()) {
            List<String> lines = new ArrayList<>(List.of("images:"));
            boolean first = true;
            for (Map.Entry<String, String> f : fields.entrySet()) {
                lines.add((first ? "- " : "  ") + f.getKey() + ": " + YamlText.newScalar(f.getValue()));
                first = false;
            }
            yaml.appendBlock(lines);
            return yaml.text();
        }
        if (!(images.get() instanceof SequenceNode list)) {
            throw new WriteBackException(yaml.where(images.get(), "images") + ": is a " + YamlText.kind(images.get()) + ", not a list");
        }
        String path = "images[name=" + e.name() + "]";
        Optional<ScalarNode> entryName = yaml.scalar(doc, YamlPath.parse("images[name=\"" + e.name() + "\"].name"));
        if (entryName.isEmpty()) {
            Map<String, String> rendered = new LinkedHashMap<>();
            fields.forEach((k, v) -> rendered.put(k, YamlText.newScalar(v)));
            yaml.appendItem(list, rendered, "images");
            return yaml.text();
        }
        fields.remove("name");
        for (Map.Entry<String, String> f : fields.entrySet()) {
            Node entry = entry(yaml, e.name());
            Optional<Node> current = YamlText.get(entry, f.getKey());
            if (current.isPresent() && current.get() instanceof ScalarNode scalar) {
                if (!scalar.getValue().equals(f.getValue())) {
                    yaml.setScalar(scalar, f.getValue(), path + "." + f.getKey());
                }
            } else if (current.isPresent()) {
                throw new WriteBackException(yaml.where(current.get(), path + "." + f.getKey()) + ": is not a single value");
            } else {
                yaml.addKeys((MappingNode) entry, List.of(f.getKey()), f.getValue(), path);
            }
        }
        return yaml.text();
    }

    private static Node entry(YamlText yaml, String name) {
        SequenceNode list = (SequenceNode) YamlText.get(yaml.single(), "images").orElseThrow();
        return list.getValue().stream().filter(n -> YamlText.string(n, "name").filter(name::equals).isPresent())
                .findFirst().orElseThrow();
    }

    private static String containerImage(Edit.ContainerImage e, YamlText yaml) {
        // Each change re-parses the text, so look the containers up again until none is left to change.
        while (true) {
            List<ScalarNode> images = new ArrayList<>();
            int seen = 0;
            for (Node doc : yaml.documents()) {
                for (List<String> path : CONTAINER_LISTS) {
                    Node list = doc;
                    for (String key : path) {
                        list = list == null ? null : YamlText.get(list, key).orElse(null);
                    }
                    if (list instanceof SequenceNode containers) {
                        for (Node c : containers.getValue()) {
                            Optional<Node> image = YamlText.get(c, "image");
                            boolean selected = e.container() != null
                                    ? YamlText.string(c, "name").filter(e.container()::equals).isPresent()
                                    : image.filter(ScalarNode.class::isInstance)
                                            .map(n -> ImageRef.repository(((ScalarNode) n).getValue())).filter(e.image()::equals).isPresent();
                            if (selected && image.isPresent() && image.get() instanceof ScalarNode scalar) {
                                seen++;
                                String updated = updated(scalar.getValue(), e.newTag(), e.digest());
                                if (!updated.equals(scalar.getValue())) {
                                    images.add(scalar);
                                }
                            }
                        }
                    }
                }
            }
            if (seen == 0) {
                throw new WriteBackException(e.file() + ": " + (e.container() != null
                        ? "no container named '" + e.container() + "'" : "no container uses image '" + e.image() + "'"));
            }
            if (images.isEmpty()) {
                return yaml.text();
            }
            ScalarNode first = images.get(0);
            yaml.setScalar(first, updated(first.getValue(), e.newTag(), e.digest()), "image");
        }
    }

    static String updated(String image, String newTag, String digest) {
        String repository = ImageRef.repository(image);
        String withoutDigest = image.contains("@") ? image.substring(0, image.indexOf('@')) : image;
        String oldTag = withoutDigest.length() > repository.length() ? withoutDigest.substring(repository.length() + 1) : null;
        String oldDigest = image.contains("@") ? image.substring(image.indexOf('@') + 1) : null;
        String tag = newTag != null ? newTag : oldTag;
        String sha = digest != null ? digest : newTag != null ? null : oldDigest;
        return repository + (tag == null ? "" : ":" + tag) + (sha == null ? "" : "@" + sha);
    }

    private static String argoParameter(Edit.ArgoHelmParameter e, String text) {
        if (text == null || text.isBlank()) {
            return (text == null ? "" : text) + "helm:\n  parameters:\n  - name: " + YamlText.newScalar(e.name())
                    + "\n    value: " + YamlText.newScalar(e.value()) + "\n    forcestring: true\n";
        }
        YamlText yaml = new YamlText(e.file(), text);
        Node doc = yaml.single();
        YamlPath path = YamlPath.parse("helm.parameters[name=\"" + e.name() + "\"].value");
        Optional<ScalarNode> value = yaml.scalar(doc, path);
        if (value.isPresent()) {
            if (!value.get().getValue().equals(e.value())) {
                yaml.setScalar(value.get(), e.value(), "helm.parameters[name=" + e.name() + "].value");
            }
            return yaml.text();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", YamlText.newScalar(e.name()));
        fields.put("value", YamlText.newScalar(e.value()));
        fields.put("forcestring", "true");
        Optional<Node> helm = YamlText.get(doc, "helm");
        Optional<Node> parameters = helm.flatMap(h -> YamlText.get(h, "parameters"));
        if (parameters.isPresent() && parameters.get() instanceof SequenceNode list) {
            yaml.appendItem(list, fields, "helm.parameters");
            return yaml.text();
        }
        if (helm.isEmpty()) {
            yaml.appendBlock(List.of("helm:", "  parameters:", "  - name: " + YamlText.newScalar(e.name()),
                    "    value: " + YamlText.newScalar(e.value()), "    forcestring: true"));
            return yaml.text();
        }
        throw new WriteBackException(e.file() + ": helm.parameters: not a list that a parameter can be added to");
    }
}
