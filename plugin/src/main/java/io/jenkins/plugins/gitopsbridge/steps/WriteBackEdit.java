package io.jenkins.plugins.gitopsbridge.steps;

import edu.umd.cs.findbugs.annotations.NonNull;
import hudson.Extension;
import hudson.model.AbstractDescribableImpl;
import hudson.model.Descriptor;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jenkinsci.Symbol;
import org.kohsuke.stapler.DataBoundConstructor;
import org.kohsuke.stapler.DataBoundSetter;

/**
 * One edit of {@code gitopsUpdate}'s {@code edits}, in the shape the Snippet Generator and the Steps Reference can
 * build: a value at a path ({@code path}, {@code value}, {@code create}) or an image ({@code image} with
 * {@code path}, {@code container}, {@code name} or {@code parameter}). A Jenkinsfile may still write each edit as a
 * map ({@code [file: 'values.yaml', path: 'image.tag', value: '1.2']}); the engine checks the combination.
 */
public final class WriteBackEdit extends AbstractDescribableImpl<WriteBackEdit> implements Serializable {
    private static final long serialVersionUID = 1L;
    private final String file;
    private String path;
    private String value;
    private boolean create;
    private String image;
    private String container;
    private String name;
    private String parameter;

    @DataBoundConstructor
    public WriteBackEdit(String file) {
        this.file = PodStep.blankToNull(file);
    }

    public String getFile() {
        return file;
    }

    public String getPath() {
        return path;
    }

    @DataBoundSetter
    public void setPath(String path) {
        this.path = PodStep.blankToNull(path);
    }

    public String getValue() {
        return value;
    }

    @DataBoundSetter
    public void setValue(String value) {
        this.value = value;
    }

    public boolean isCreate() {
        return create;
    }

    @DataBoundSetter
    public void setCreate(boolean create) {
        this.create = create;
    }

    public String getImage() {
        return image;
    }

    @DataBoundSetter
    public void setImage(String image) {
        this.image = PodStep.blankToNull(image);
    }

    public String getContainer() {
        return container;
    }

    @DataBoundSetter
    public void setContainer(String container) {
        this.container = PodStep.blankToNull(container);
    }

    public String getName() {
        return name;
    }

    @DataBoundSetter
    public void setName(String name) {
        this.name = PodStep.blankToNull(name);
    }

    public String getParameter() {
        return parameter;
    }

    @DataBoundSetter
    public void setParameter(String parameter) {
        this.parameter = PodStep.blankToNull(parameter);
    }

    /** The edit as the engine's {@code Edits.fromMaps} reads it: only what is set. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("file", file);
        put(m, "path", path);
        put(m, "value", value);
        if (create) {
            m.put("create", true);
        }
        put(m, "image", image);
        put(m, "container", container);
        put(m, "name", name);
        put(m, "parameter", parameter);
        return m;
    }

    private static void put(Map<String, Object> m, String key, String v) {
        if (v != null) {
            m.put(key, v);
        }
    }

    @Extension
    @Symbol("writeBackEdit")
    public static final class DescriptorImpl extends Descriptor<WriteBackEdit> {
        @NonNull
        @Override
        public String getDisplayName() {
            return "Edit";
        }
    }
}
