package io.gitopsbridge.tekton;

import io.gitopsbridge.yaml.YamlNode;

/** What {@code taskRef} and {@code pipelineRef} may point at here: a name found locally, not a remote resolver. */
public final class Refs {
    private Refs() {}

    /** The Task a {@code taskRef} names, found through {@code resolver}; errors name the field and line. */
    public static Task task(YamlNode ref, TaskResolver resolver) {
        refuseRemote(ref, "taskRef");
        ref.onlyKeys(java.util.Set.of("name", "kind", "apiVersion"), "a taskRef");
        String kind = ref.optString("kind").orElse("Task");
        if (kind.equals("ClusterTask")) {
            throw ref.get("kind").error("ClusterTask was removed from Tekton; make it a Task");
        }
        if (!kind.equals("Task")) {
            throw ref.get("kind").error("taskRef kind must be Task, not '" + kind + "'");
        }
        YamlNode name = ref.required("name");
        return resolver.find(name.string()).orElseThrow(() -> name.error("no Task named '" + name.string()
                + "' was found (in this file, or in the tasks directory)"));
    }

    /**
     * Refuses, by name, references that Tekton resolves remotely ({@code resolver: git|http|hub|cluster|bundles},
     * {@code bundle}): GitOps Bridge reads Tasks and Pipelines from files only.
     */
    public static void refuseRemote(YamlNode ref, String what) {
        YamlNode resolver = ref.get("resolver");
        if (!resolver.isNull()) {
            throw resolver.error(what + " resolver '" + resolver.string() + "' is not supported by GitOps Bridge:"
                    + " remote resolution; put the " + noun(what) + " in a file and refer to it by name (tasks"
                    + " directory, or the same file)");
        }
        if (!ref.get("bundle").isNull()) {
            throw ref.get("bundle").error(what + " bundle is not supported by GitOps Bridge: Tekton bundles (OCI);"
                    + " put the " + noun(what) + " in a file and refer to it by name");
        }
    }

    private static String noun(String what) {
        return switch (what) {
            case "taskRef" -> "Task";
            case "pipelineRef" -> "Pipeline";
            default -> "StepAction";
        };
    }
}
