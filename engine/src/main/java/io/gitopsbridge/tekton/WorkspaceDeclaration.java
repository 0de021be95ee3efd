package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;

/**
 * A workspace a Task declares.
 *
 * @param name its name
 * @param mountPath where steps see it (default {@code /workspace/<name>})
 * @param readOnly whether steps may write to it
 * @param optional whether a run may leave it unbound
 * @param description for people
 * @param node where it was declared
 */
public record WorkspaceDeclaration(
        String name, String mountPath, boolean readOnly, boolean optional, String description, YamlNode node) {}
