package io.gitopsbridge.yaml;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.ConstructNode;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.resolver.ScalarResolver;
import org.snakeyaml.engine.v2.schema.Schema;

/**
 * YAML scalars as kubectl and Argo CD read them: {@code sigs.k8s.io/yaml} over go-yaml v2, which follows YAML 1.1.
 * {@code 0644} is the octal 420 (a file mode), {@code yes}/{@code on}/{@code y} are booleans, {@code 1_000} is 1000 and
 * timestamps stay strings. YAML 1.2's core schema, which snakeyaml-engine implements, reads {@code 0644} as 644: a
 * valid but wrong mode.
 */
public final class KubeYaml implements Schema {
    private static final Set<String> TRUE = Set.of("y", "Y", "yes", "Yes", "YES", "on", "On", "ON", "true", "True", "TRUE");
    private static final Set<String> FALSE = Set.of("n", "N", "no", "No", "NO", "off", "Off", "OFF", "false", "False", "FALSE");
    private static final Set<String> NULL = Set.of("", "~", "null", "Null", "NULL");
    private static final Pattern FLOAT = Pattern.compile("[-+]?(\\.[0-9]+|[0-9]+(\\.[0-9]*)?)([eE][-+]?[0-9]+)?");
    private static final Pattern TIMESTAMP = Pattern.compile(
            "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}([Tt ][0-9]{1,2}:[0-9]{1,2}:[0-9]{1,2}(\\.[0-9]*)?\\s*(Z|[-+][0-9]{1,2}(:[0-9]{2})?)?)?");
    private static final Schema INSTANCE = new KubeYaml();

    private KubeYaml() {}

    /** The schema, for {@link LoadSettings.LoadSettingsBuilder#setSchema}. */
    public static Schema schema() {
        return INSTANCE;
    }

    /** Settings for reading Kubernetes YAML: this schema, no duplicate keys, errors labelled with {@code file}. */
    public static LoadSettings settings(String file) {
        return LoadSettings.builder().setLabel(file).setSchema(INSTANCE).setAllowDuplicateKeys(false).build();
    }

    /** One document as plain values (maps, lists, scalars). */
    public static Object load(String file, String text) {
        return withTabs(text, t -> new Load(settings(file)).loadFromString(t));
    }

    /**
     * Parses {@code text}, accepting a tab where Go's YAML does and snakeyaml-engine does not: as the separator after
     * {@code key:} or {@code -}. Each tab the scanner stops at is, by where it stops, between tokens (never inside a
     * value), so it is read as a space and parsing tried again.
     */
    public static <T> T withTabs(String text, java.util.function.Function<String, T> parse) {
        String current = text;
        for (int tries = 0; ; tries++) {
            try {
                return parse.apply(current);
            } catch (org.snakeyaml.engine.v2.exceptions.ScannerException e) {
                int at = e.getProblemMark().map(m -> m.getIndex()).orElse(-1);
                boolean tab = e.getProblem() != null && e.getProblem().contains("\\t") && at >= 0 && at < current.length()
                        && current.charAt(at) == '\t' && at > 0 && (current.charAt(at - 1) == ':' || current.charAt(at - 1) == '-'
                        || current.charAt(at - 1) == ' ' || current.charAt(at - 1) == '\t');
                if (!tab || tries > 1000) {
                    throw e;
                }
                current = current.substring(0, at) + ' ' + current.substring(at + 1);
            }
        }
    }

    /**
     * The value of a plain (unquoted, untagged) scalar, resolved as go-yaml v2 resolves it: {@code null},
     * {@link Boolean}, {@link Integer} ({@link Long}, {@link BigInteger} when larger), {@link Double} or the {@link String} itself.
     */
    public static Object plain(String text) {
        if (NULL.contains(text)) {
            return null;
        }
        if (TRUE.contains(text)) {
            return Boolean.TRUE;
        }
        if (FALSE.contains(text)) {
            return Boolean.FALSE;
        }
        switch (text) {
            case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF" -> {
                return Double.POSITIVE_INFINITY;
            }
            case "-.inf", "-.Inf", "-.INF" -> {
                return Double.NEGATIVE_INFINITY;
            }
            case ".nan", ".NaN", ".NAN" -> {
                return Double.NaN;
            }
            default -> { }
        }
        char first = text.charAt(0);
        if (first == '.') {
            return FLOAT.matcher(text).matches() ? Double.valueOf(text) : text;
        }
        if (!(first == '+' || first == '-' || (first >= '0' && first <= '9'))) {
            return text;
        }
        if (TIMESTAMP.matcher(text).matches()) {
            return text;
        }
        String digits = text.replace("_", "");
        BigInteger integer = integer(digits);
        if (integer != null) {
            if (integer.bitLength() < 32) {
                return integer.intValue();
            }
            return integer.bitLength() < 64 ? (Object) integer.longValue() : integer;
        }
        if (FLOAT.matcher(digits).matches()) {
            return Double.valueOf(digits);
        }
        return text;
    }

    /** Go's {@code strconv.ParseInt(s, 0, 64)} prefixes: 0x, 0o, 0b, and a leading 0 for octal. */
    private static BigInteger integer(String s) {
        boolean negative = s.startsWith("-");
        String body = s.startsWith("-") || s.startsWith("+") ? s.substring(1) : s;
        int radix = 10;
        if (body.length() > 2 && body.charAt(0) == '0' && "xXoObB".indexOf(body.charAt(1)) >= 0) {
            radix = switch (Character.toLowerCase(body.charAt(1))) {
                case 'x' -> 16;
                case 'o' -> 8;
                default -> 2;
            };
            body = body.substring(2);
        } else if (body.length() > 1 && body.charAt(0) == '0') {
            radix = 8;
            body = body.substring(1);
        }
        if (body.isEmpty() || body.startsWith("+") || body.startsWith("-")) {
            return null;
        }
        try {
            BigInteger value = new BigInteger(body, radix);
            return negative ? value.negate() : value;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    @Override
    public ScalarResolver getScalarResolver() {
        return (value, implicit) -> {
            if (!Boolean.TRUE.equals(implicit)) {
                return Tag.STR;
            }
            Object v = plain(value);
            if (v == null) {
                return Tag.NULL;
            }
            if (v instanceof Boolean) {
                return Tag.BOOL;
            }
            if (v instanceof Double) {
                return Tag.FLOAT;
            }
            return v instanceof String ? Tag.STR : Tag.INT;
        };
    }

    @Override
    public Map<Tag, ConstructNode> getSchemaTagConstructors() {
        ConstructNode resolved = (Node node) -> plain(((ScalarNode) node).getValue());
        return Map.of(Tag.NULL, node -> null, Tag.BOOL, resolved, Tag.INT, resolved, Tag.FLOAT, resolved);
    }

    /** Every document of a stream as plain values, empty documents skipped. */
    public static List<Object> loadAll(String file, String text) {
        return withTabs(text, t -> {
            List<Object> docs = new java.util.ArrayList<>();
            for (Object doc : new Load(settings(file)).loadAllFromString(t)) {
                if (doc != null) {
                    docs.add(doc);
                }
            }
            return docs;
        });
    }
}
