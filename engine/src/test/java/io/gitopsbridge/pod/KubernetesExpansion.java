package io.gitopsbridge.pod;

import java.util.Map;

/**
 * What the kubelet does to {@code command}, {@code args} and {@code env} values before a container starts:
 * {@code $$} becomes {@code $}, {@code $(VAR)} becomes the variable's value when it is defined, anything else stays.
 * Lets tests run generated containers' commands the way a node would.
 */
final class KubernetesExpansion {
    private KubernetesExpansion() {}

    static String expand(String s, Map<String, String> env) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '$') {
                out.append('$');
                i++;
            } else if (c == '$' && i + 1 < s.length() && s.charAt(i + 1) == '(') {
                int close = s.indexOf(')', i);
                String name = close < 0 ? null : s.substring(i + 2, close);
                if (name != null && env.containsKey(name)) {
                    out.append(env.get(name));
                    i = close;
                } else {
                    out.append(c);
                }
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
