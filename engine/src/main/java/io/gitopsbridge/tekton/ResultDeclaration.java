package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;

/**
 * A result a Task declares; steps write it to {@code $(results.<name>.path)}.
 *
 * @param name its name
 * @param type string, array or object (array and object results are JSON text)
 * @param description for people
 * @param node where it was declared
 */
public record ResultDeclaration(String name, ParamType type, String description, YamlNode node) {}
