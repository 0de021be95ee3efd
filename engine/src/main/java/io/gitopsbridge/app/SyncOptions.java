package io.gitopsbridge.app;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Sync options as Argo CD writes them ({@code Key=value}), from an Application's {@code syncPolicy.syncOptions} or a
 * resource's {@code argocd.argoproj.io/sync-options} annotation (comma separated). A resource's options override the
 * application's.
 */
public final class SyncOptions {
    public static final String ANNOTATION = "argocd.argoproj.io/sync-options";

    /** The options this engine knows, with the values each accepts ({@code null}: true/false). */
    private static final Map<String, Set<String>> KNOWN = Map.ofEntries(
            Map.entry("CreateNamespace", Set.of()),
            Map.entry("ApplyOutOfSyncOnly", Set.of()),
            Map.entry("Replace", Set.of()),
            Map.entry("Force", Set.of()),
            Map.entry("ServerSideApply", Set.of()),
            Map.entry("Validate", Set.of()),
            Map.entry("PruneLast", Set.of()),
            Map.entry("PrunePropagationPolicy", Set.of("foreground", "background", "orphan")),
            Map.entry("FailOnSharedResource", Set.of()),
            Map.entry("RespectIgnoreDifferences", Set.of()),
            Map.entry("SkipDryRunOnMissingResource", Set.of()),
            Map.entry("Prune", Set.of("true", "false", "confirm")),
            Map.entry("Delete", Set.of("true", "false", "confirm")));

    public static final SyncOptions NONE = new SyncOptions(Map.of());

    private final Map<String, String> values;

    private SyncOptions(Map<String, String> values) {
        this.values = values;
    }

    /**
     * @param where how to name the options in errors, such as {@code app.yaml: spec.syncPolicy.syncOptions}
     * @throws IllegalArgumentException naming an unknown option or a value it does not take
     */
    public static SyncOptions parse(List<String> options, String where) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String option : options) {
            String o = option.trim();
            if (o.isEmpty()) {
                continue;
            }
            int eq = o.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(where + ": '" + o + "' is not Key=value");
            }
            String key = o.substring(0, eq).trim();
            String value = o.substring(eq + 1).trim();
            Set<String> allowed = KNOWN.get(key);
            if (allowed == null) {
                throw new IllegalArgumentException(where + ": unknown sync option '" + key + "' (known: "
                        + String.join(", ", KNOWN.keySet().stream().sorted().toList()) + ")");
            }
            Set<String> accepted = allowed.isEmpty() ? Set.of("true", "false") : allowed;
            if (!accepted.contains(value.toLowerCase(Locale.ROOT))) {
                throw new IllegalArgumentException(where + ": sync option " + key + " takes "
                        + String.join(" or ", accepted.stream().sorted().toList()) + ", not '" + value + "'");
            }
            values.put(key, value.toLowerCase(Locale.ROOT));
        }
        return new SyncOptions(Map.copyOf(values));
    }

    /** Options from an annotation value such as {@code Prune=false,ServerSideApply=true}. */
    public static SyncOptions annotation(String value, String where) {
        return value == null ? NONE : parse(List.of(value.split(",")), where);
    }

    /** These options with {@code overrides} taking precedence. */
    public SyncOptions with(SyncOptions overrides) {
        if (overrides.values.isEmpty()) {
            return this;
        }
        Map<String, String> merged = new LinkedHashMap<>(values);
        merged.putAll(overrides.values);
        return new SyncOptions(Map.copyOf(merged));
    }

    public Optional<String> value(String key) {
        return Optional.ofNullable(values.get(key));
    }

    /** Whether {@code key} is set to {@code true}. */
    public boolean on(String key) {
        return "true".equals(values.get(key));
    }

    /** Whether {@code key} is set to {@code false} (an option that defaults to on). */
    public boolean off(String key) {
        return "false".equals(values.get(key));
    }

    /** As Argo CD lists them. */
    public List<String> list() {
        return values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).sorted().toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SyncOptions s && s.values.equals(values);
    }

    @Override
    public int hashCode() {
        return values.hashCode();
    }

    @Override
    public String toString() {
        return String.join(",", list());
    }
}
