package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * One entry of a step's name-to-text argument ({@code workspaces}, {@code buildArgs}, an object param's
 * properties), in the shape the Snippet Generator and the Steps Reference can build: {@code [name: 'x', value: 'y']}.
 * A Jenkinsfile may still write the whole argument as a map ({@code buildArgs: [VERSION: '1']}).
 */
public final class NameValue extends AbstractDescribableImpl<NameValue> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String name;
    private String value;

    @DataBoundConstructor
    public NameValue(String name) {
        this.name = name == null ? "" : name.trim();
    }

    public String getName() {
        return name;
    }

    public String getValue() {
        return value;
    }

    @DataBoundSetter
    public void setValue(String value) {
        this.value = value;
    }

    /** The entries as a map in their order; a later entry of a name wins, as a later map key would. */
    static Map<String, String> toMap(List<NameValue> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        if (entries != null) {
            entries.forEach(e -> map.put(e.name, e.value == null ? "" : e.value));
        }
        return map;
    }

    /** The map form as entries (structs takes a list of them as it is). */
    static List<NameValue> fromMap(Map<?, ?> map) {
        return map.entrySet().stream().map(e -> {
            NameValue entry = new NameValue(String.valueOf(e.getKey()));
            entry.setValue(e.getValue() == null ? null : String.valueOf(e.getValue()));
            return entry;
        }).toList();
    }

    @Extension
    @Symbol("nameValue")
    public static final class DescriptorImpl extends Descriptor<NameValue> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Name and value";
        }
    }
}
