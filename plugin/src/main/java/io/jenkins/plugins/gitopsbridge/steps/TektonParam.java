package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * One Tekton param of a run, in the shape the Snippet Generator and the Steps Reference can build: a string
 * ({@code value}), an array ({@code values}) or an object ({@code properties}). A Jenkinsfile may still write all
 * params as one map ({@code params: [version: '1', flags: ['-q']]}).
 */
public final class TektonParam extends AbstractDescribableImpl<TektonParam> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private String value;
    private List<String> values;
    private List<NameValue> properties;

    @DataBoundConstructor
    public TektonParam(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    /** A string param's value. */
    @DataBoundSetter
    public void setValue(String value) {
        this.value = value;
    }

    public List<String> getValues() {
        return values;
    }

    /** An array param's values. */
    @DataBoundSetter
    public void setValues(List<String> values) {
        this.values = values == null ? null : new ArrayList<>(values);
    }

    public List<NameValue> getProperties() {
        return properties;
    }

    /** An object param's keys and values. */
    @DataBoundSetter
    public void setProperties(List<NameValue> properties) {
        this.properties = properties == null ? null : new ArrayList<>(properties);
    }

    /** The value as the engine takes it: a list, a map, or a string. */
    Object toValue() {
        if (properties != null) {
            return NameValue.toMap(properties);
        }
        if (values != null) {
            return List.copyOf(values);
        }
        return value == null ? "" : value;
    }

    /** The params as a map in their order. */
    static Map<String, Object> toMap(List<TektonParam> params) {
        Map<String, Object> map = new LinkedHashMap<>();
        if (params != null) {
            params.forEach(p -> map.put(p.name, p.toValue()));
        }
        return map;
    }

    /** The map form ({@code [version: '1', flags: ['-q'], cfg: [a: '1']]}) as entries (structs takes them as they are). */
    static List<TektonParam> fromMap(Map<?, ?> map) {
        List<TektonParam> entries = new ArrayList<>();
        map.forEach((k, v) -> {
            TektonParam p = new TektonParam(String.valueOf(k));
            if (v instanceof List<?> list) {
                p.setValues(list.stream().map(String::valueOf).toList());
            } else if (v instanceof Map<?, ?> object) {
                p.setProperties(NameValue.fromMap(object));
            } else {
                p.setValue(String.valueOf(v));
            }
            entries.add(p);
        });
        return entries;
    }

    @Extension
    @Symbol("tektonParam")
    public static final class DescriptorImpl extends Descriptor<TektonParam> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Tekton param";
        }
    }
}
