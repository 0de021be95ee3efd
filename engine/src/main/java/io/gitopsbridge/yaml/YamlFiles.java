package io.gitopsbridge.yaml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/** Reads YAML text into {@link YamlNode} trees, one per document. */
public final class YamlFiles {
    private YamlFiles() {}

    /**
     * @param file how to name the text in errors, such as a path relative to the workspace
     * @throws YamlException with the line and the parser's problem when the text is not YAML
     */
    public static List<YamlNode> documents(String file, String text) {
        return documents(file, text, false);
    }

    /**
     * @param lastKeyWins read a key given twice as Go's JSON decoding does (the last one counts) instead of failing;
     *     kustomize reads kustomization files so
     */
    public static List<YamlNode> documents(String file, String text, boolean lastKeyWins) {
        LoadSettings settings = KubeYaml.settings(file);
        try {
            return KubeYaml.withTabs(text, t -> {
                List<YamlNode> docs = new ArrayList<>();
                Budget budget = new Budget();
                Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, t)));
                while (composer.hasNext()) {
                    Node node = composer.next();
                    docs.add(convert(file, "", node, lastKeyWins, budget));
                }
                return docs;
            });
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new YamlException(file, "", line, "not valid YAML: " + problem);
        } catch (YamlEngineException e) {
            throw new YamlException(file, "", 0, "not valid YAML: " + e.getMessage());
        }
    }

    /** The single document of {@code text}. */
    public static YamlNode document(String file, String text) {
        List<YamlNode> docs = documents(file, text).stream().filter(d -> !d.isNull()).toList();
        if (docs.size() != 1) {
            throw new YamlException(file, "", 0, "expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    /** Aliases make a tree a graph: a node inside itself, or billions of copies of a few, are refused. */
    private static final class Budget {
        private static final int MAX_NODES = 2_000_000;
        final java.util.Set<Node> open = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        int nodes;
    }

    private static YamlNode convert(String file, String path, Node node, boolean lastKeyWins, Budget budget) {
        int line = node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        if (++budget.nodes > Budget.MAX_NODES) {
            throw new YamlException(file, path, line, "too many nodes after expanding aliases (more than " + Budget.MAX_NODES + ")");
        }
        if (!(node instanceof ScalarNode) && !budget.open.add(node)) {
            throw new YamlException(file, path, line, "an alias refers to a node that contains it");
        }
        try {
            return convertNode(file, path, node, lastKeyWins, budget, line);
        } finally {
            budget.open.remove(node);
        }
    }

    private static YamlNode convertNode(String file, String path, Node node, boolean lastKeyWins, Budget budget, int line) {
        if (node instanceof MappingNode mapping) {
            Map<String, YamlNode> map = new LinkedHashMap<>();
            YamlNode holder = new YamlNode(file, path, line, map);
            for (NodeTuple tuple : mapping.getValue()) {
                if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                    throw new YamlException(file, path, line, "mapping keys must be plain values");
                }
                if (map.containsKey(key.getValue()) && !lastKeyWins) {
                    throw new YamlException(file, path, key.getStartMark().map(mk -> mk.getLine() + 1).orElse(line),
                            "mapping key \"" + key.getValue() + "\" already defined");
                }
                String childPath = holder.childPath(key.getValue());
                map.put(key.getValue(), convert(file, childPath, tuple.getValueNode(), lastKeyWins, budget));
            }
            return holder;
        }
        if (node instanceof SequenceNode sequence) {
            List<YamlNode> list = new ArrayList<>();
            List<Node> items = sequence.getValue();
            for (int i = 0; i < items.size(); i++) {
                list.add(convert(file, path + "[" + i + "]", items.get(i), lastKeyWins, budget));
            }
            return new YamlNode(file, path, line, list);
        }
        ScalarNode scalar = (ScalarNode) node;
        boolean block = scalar.getScalarStyle() == ScalarStyle.LITERAL || scalar.getScalarStyle() == ScalarStyle.FOLDED;
        return new YamlNode(file, path, line, scalar(scalar), block);
    }

    private static Object scalar(ScalarNode scalar) {
        String text = scalar.getValue();
        if (scalar.getScalarStyle() != ScalarStyle.PLAIN || Tag.STR.equals(scalar.getTag())) {
            return text;
        }
        Object value = KubeYaml.plain(text);
        return value instanceof Integer i ? Long.valueOf(i) : value;
    }
}
