package io.gitopsbridge.updatesite;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The bytes Jenkins signs and verifies: json-lib's {@code JSONObject.writeCanonical}, which Jenkins'
 * {@code JSONSignatureValidator} runs over the document without its {@code signature} block — keys sorted, no
 * whitespace, strings with only {@code "} and {@code \} escaped. Implementations of that form disagree on control
 * characters and on {@code </}, so a string holding either is refused rather than signed in a form Jenkins might
 * not reproduce.
 */
final class CanonicalJson {
    private CanonicalJson() {}

    static String write(JsonNode node) {
        StringBuilder out = new StringBuilder();
        write(node, "", out);
        return out.toString();
    }

    private static void write(JsonNode node, String at, StringBuilder out) {
        if (node.isObject()) {
            List<String> keys = new ArrayList<>();
            node.fieldNames().forEachRemaining(keys::add);
            keys.sort(null);
            out.append('{');
            for (int i = 0; i < keys.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                String key = keys.get(i);
                string(key, at, out);
                out.append(':');
                write(node.get(key), at.isEmpty() ? key : at + "." + key, out);
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            Iterator<JsonNode> items = node.elements();
            for (int i = 0; items.hasNext(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(items.next(), at + "[" + i + "]", out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), at, out);
        } else if (node.isIntegralNumber() || node.isBoolean() || node.isNull()) {
            out.append(node.asText());
        } else {
            throw new IllegalArgumentException(at + ": " + node.getNodeType()
                    + " values have no agreed canonical form; update-center.json holds only strings, integers and booleans");
        }
    }

    private static void string(String text, String at, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == 0x2028 || c == 0x2029 || (c == '/' && i > 0 && text.charAt(i - 1) == '<')) {
                throw new IllegalArgumentException(at + ": '" + text.replaceAll("\\p{Cntrl}", "?") + "' holds a control"
                        + " character or '</', which signed update-site documents cannot carry reliably");
            }
            if (c == '"' || c == '\\') {
                out.append('\\');
            }
            out.append(c);
        }
        out.append('"');
    }
}
