package io.gitopsbridge.writeback;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.CoreSchema;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * YAML text edited in place. The text is parsed only to find where values are; an edit replaces exactly the
 * characters of one scalar, or inserts new lines after existing ones with the file's own indentation and line
 * ending. Everything else (comments, quoting, blank lines, key order, anchors, CRLF, a BOM) stays as it was.
 */
final class YamlText {
    private static final ScalarResolver RESOLVER = new CoreSchema().getScalarResolver();
    private final String file;
    private String text;
    private List<Node> documents;

    YamlText(String file, String text) {
        this.file = file;
        this.text = text;
    }

    String text() {
        return text;
    }

    String file() {
        return file;
    }

    /** The documents of the current text, parsed again after every change. */
    List<Node> documents() {
        if (documents == null) {
            LoadSettings settings = LoadSettings.builder().setLabel(file).setAllowDuplicateKeys(false).setSchema(new CoreSchema()).build();
            List<Node> docs = new ArrayList<>();
            try {
                Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text)));
                while (composer.hasNext()) {
                    docs.add(composer.next());
                }
            } catch (MarkedYamlEngineException e) {
                int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
                throw new WriteBackException(file + ":" + line + ": not valid YAML: "
                        + (e.getProblem() != null ? e.getProblem() : e.getContext()));
            } catch (YamlEngineException e) {
                throw new WriteBackException(file + ": not valid YAML: " + e.getMessage());
            }
            documents = docs;
        }
        return documents;
    }

    /** The one document of a file that must hold one (a kustomization, a values file). */
    Node single() {
        List<Node> docs = documents();
        if (docs.size() != 1) {
            throw new WriteBackException(file + ": expected one YAML document, found " + docs.size());
        }
        return docs.get(0);
    }

    int start(Node node) {
        return offset(node.getStartMark().orElseThrow());
    }

    int end(Node node) {
        return offset(node.getEndMark().orElseThrow());
    }

    int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    String where(Node node, String path) {
        return file + ":" + line(node) + ": " + path;
    }

    /** Marks count code points; Java strings count UTF-16 units. */
    private int offset(Mark mark) {
        return text.offsetByCodePoints(0, mark.getIndex());
    }

    private int column(int offset) {
        int lineStart = text.lastIndexOf('\n', offset - 1) + 1;
        return text.codePointCount(lineStart, offset);
    }

    private void splice(int from, int to, String replacement) {
        text = text.substring(0, from) + replacement + text.substring(to);
        documents = null;
    }

    String eol() {
        return text.contains("\r\n") ? "\r\n" : "\n";
    }

    /** The value under {@code key} in a mapping, if any. */
    static Optional<Node> get(Node mapping, String key) {
        if (mapping instanceof MappingNode m) {
            for (NodeTuple t : m.getValue()) {
                if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                    return Optional.of(t.getValueNode());
                }
            }
        }
        return Optional.empty();
    }

    static Optional<String> string(Node mapping, String key) {
        return get(mapping, key).filter(ScalarNode.class::isInstance).map(n -> ((ScalarNode) n).getValue());
    }

    /** The scalar at {@code path}, or empty if a key or item on the way is missing. */
    Optional<ScalarNode> scalar(Node root, YamlPath path) {
        Node node = root;
        StringBuilder walked = new StringBuilder();
        for (YamlPath.Segment s : path.segments()) {
            Optional<Node> next = step(node, s, walked);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            node = next.get();
        }
        if (!(node instanceof ScalarNode scalar)) {
            throw new WriteBackException(where(node, path.text()) + ": is a " + kind(node) + ", not a single value");
        }
        return Optional.of(scalar);
    }

    private Optional<Node> step(Node node, YamlPath.Segment s, StringBuilder walked) {
        String at = walked.length() == 0 ? "the document" : walked.toString();
        Optional<Node> next;
        if (s instanceof YamlPath.Key k) {
            if (!(node instanceof MappingNode)) {
                throw new WriteBackException(where(node, at) + ": is a " + kind(node) + ", has no key '" + k.name() + "'");
            }
            next = Optional.empty();
            for (NodeTuple t : ((MappingNode) node).getValue()) {
                if (t.getKeyNode() instanceof ScalarNode key && key.getValue().equals(k.name())) {
                    next = Optional.of(t.getValueNode());
                    aliasCheck(t.getValueNode(), start(t.getKeyNode()), walked + "." + k.name());
                }
            }
            walked.append(walked.length() == 0 ? "" : ".").append(k.name().contains(".") ? "\"" + k.name() + "\"" : k.name());
        } else {
            if (!(node instanceof SequenceNode seq)) {
                throw new WriteBackException(where(node, at) + ": is a " + kind(node) + ", not a list");
            }
            if (s instanceof YamlPath.Index i) {
                next = i.index() < seq.getValue().size() ? Optional.of(seq.getValue().get(i.index())) : Optional.empty();
                walked.append("[").append(i.index()).append("]");
            } else {
                YamlPath.Match m = (YamlPath.Match) s;
                List<Node> matches = seq.getValue().stream()
                        .filter(item -> string(item, m.field()).filter(m.value()::equals).isPresent()).toList();
                if (matches.size() > 1) {
                    throw new WriteBackException(where(node, at) + ": " + matches.size() + " items have " + m.field()
                            + "=" + m.value() + "; the path must pick one");
                }
                next = matches.stream().findFirst();
                walked.append("[").append(m.field()).append("=").append(m.value()).append("]");
            }
        }
        if (next.isPresent() && !(s instanceof YamlPath.Key)) {
            SequenceNode seq = (SequenceNode) node;
            int index = seq.getValue().indexOf(next.get());
            int after = index == 0 ? start(seq) : start(seq.getValue().get(index - 1));
            aliasCheck(next.get(), after, walked.toString());
        }
        return next;
    }

    /** An alias resolves to the anchored node, whose text comes before the place that refers to it. */
    private void aliasCheck(Node value, int referencedAt, String path) {
        if (start(value) < referencedAt) {
            throw new WriteBackException(file + ":" + line(value) + ": " + path.replaceFirst("^\\.", "")
                    + ": is an alias of a value defined on this line; editing it would change every use of the anchor");
        }
    }

    static String kind(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "value";
    }

    /**
     * Replaces a scalar's characters, keeping its quoting. A plain value stays plain only when the new text reads
     * back as the same type (so {@code 1.10} never turns a string tag into the number 1.1); otherwise it is
     * double-quoted.
     */
    void setScalar(ScalarNode node, String value, String path) {
        String rendered = switch (node.getScalarStyle()) {
            case PLAIN -> plainSafe(value) && RESOLVER.resolve(value, true).equals(node.getTag()) ? value : doubleQuoted(value);
            case SINGLE_QUOTED -> "'" + value.replace("'", "''") + "'";
            case DOUBLE_QUOTED -> doubleQuoted(value);
            default -> throw new WriteBackException(where(node, path) + ": is a block scalar (| or >); write-back edits"
                    + " single-line values only");
        };
        splice(start(node), end(node), rendered);
    }

    /** Text that reads back as itself when written plain, in block or flow context. */
    static boolean plainSafe(String value) {
        return !value.isEmpty() && value.matches("[A-Za-z0-9_./@+~=$][A-Za-z0-9_./@+~=$:-]*") && !value.contains(": ")
                && !value.endsWith(":");
    }

    static String doubleQuoted(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** A value as new text, quoted when plain text would read back differently. */
    static String newScalar(String value) {
        return plainSafe(value) && RESOLVER.resolve(value, true).equals(Tag.STR) ? value : doubleQuoted(value);
    }

    /** Where the last line of a node's text ends (before its line break), to insert lines after it. */
    private int endOfLastLine(Node node) {
        Node last = node;
        while (true) {
            if (last instanceof MappingNode m && !m.getValue().isEmpty() && m.getFlowStyle() == FlowStyle.BLOCK) {
                last = m.getValue().get(m.getValue().size() - 1).getValueNode();
            } else if (last instanceof SequenceNode s && !s.getValue().isEmpty() && s.getFlowStyle() == FlowStyle.BLOCK) {
                last = s.getValue().get(s.getValue().size() - 1);
            } else {
                break;
            }
        }
        if (last instanceof ScalarNode sc && (sc.getScalarStyle() == ScalarStyle.LITERAL || sc.getScalarStyle() == ScalarStyle.FOLDED)) {
            throw new WriteBackException(where(last, "") + " a block scalar ends here; add the value by hand");
        }
        int end = end(last);
        int newline = text.indexOf('\n', end);
        int lineEnd = newline < 0 ? text.length() : newline;
        return lineEnd > end && text.charAt(lineEnd - 1) == '\r' ? lineEnd - 1 : lineEnd;
    }

    /**
     * Adds {@code keys} (nested, the last one holding {@code value}) to a block mapping, after its last entry and
     * at the indentation of its keys.
     */
    void addKeys(MappingNode mapping, List<String> keys, String value, String path) {
        if (mapping.getFlowStyle() != FlowStyle.BLOCK || mapping.getValue().isEmpty()) {
            throw new WriteBackException(where(mapping, path) + ": cannot add keys to an empty or {flow} mapping");
        }
        int indent = column(start(mapping.getValue().get(0).getKeyNode()));
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < keys.size(); i++) {
            lines.append(eol()).append(" ".repeat(indent + 2 * i)).append(newKey(keys.get(i))).append(':');
            if (i == keys.size() - 1) {
                lines.append(' ').append(newScalar(value));
            }
        }
        int at = endOfLastLine(mapping);
        splice(at, at, lines.toString());
    }

    private static String newKey(String key) {
        return plainSafe(key) ? key : doubleQuoted(key);
    }

    /** Appends an item (a mapping of these fields, values already written as YAML) to a block list, laid out like its first item. */
    void appendItem(SequenceNode list, Map<String, String> fields, String path) {
        if (list.getFlowStyle() != FlowStyle.BLOCK || list.getValue().isEmpty()) {
            throw new WriteBackException(where(list, path) + ": cannot add an item to an empty or [flow] list");
        }
        Node first = list.getValue().get(0);
        int itemStart = start(first);
        int dash = text.lastIndexOf('-', itemStart);
        int dashColumn = column(dash);
        int keyColumn = column(itemStart);
        StringBuilder lines = new StringBuilder();
        boolean firstField = true;
        for (Map.Entry<String, String> f : fields.entrySet()) {
            lines.append(eol());
            if (firstField) {
                lines.append(" ".repeat(dashColumn)).append('-').append(" ".repeat(Math.max(1, keyColumn - dashColumn - 1)));
                firstField = false;
            } else {
                lines.append(" ".repeat(keyColumn));
            }
            lines.append(newKey(f.getKey())).append(": ").append(f.getValue());
        }
        int at = endOfLastLine(list);
        splice(at, at, lines.toString());
    }

    /** Appends a top-level block (such as a missing {@code images:} list) at the end of a one-document file. */
    void appendBlock(List<String> lines) {
        String eol = eol();
        StringBuilder block = new StringBuilder();
        if (!text.isEmpty() && !text.endsWith("\n")) {
            block.append(eol);
        }
        lines.forEach(l -> block.append(l).append(eol));
        splice(text.length(), text.length(), block.toString());
    }
}
