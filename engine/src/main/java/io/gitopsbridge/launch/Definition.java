package io.gitopsbridge.launch;

import io.gitopsbridge.tekton.ParamSpec;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.PipelineParser;
import io.gitopsbridge.tekton.Task;
import io.gitopsbridge.tekton.TaskResolver;
import io.gitopsbridge.tekton.TektonParser;
import io.gitopsbridge.yaml.YamlFiles;
import io.gitopsbridge.yaml.YamlNode;
import java.util.List;

/** Something that can be run: a Task or a Pipeline. */
public sealed interface Definition permits Definition.OfTask, Definition.OfPipeline {
    String name();

    List<ParamSpec> params();

    /** A Task. */
    record OfTask(Task task) implements Definition {
        @Override
        public String name() {
            return task.name();
        }

        @Override
        public List<ParamSpec> params() {
            return task.spec().params();
        }
    }

    /** A Pipeline. */
    record OfPipeline(Pipeline pipeline) implements Definition {
        @Override
        public String name() {
            return pipeline.name();
        }

        @Override
        public List<ParamSpec> params() {
            return pipeline.params();
        }
    }

    /**
     * Reads a {@code Task} or {@code Pipeline} document, deciding by its {@code kind}.
     *
     * @param file the name used in error messages
     * @throws io.gitopsbridge.yaml.YamlException naming the file, line and field of the first problem
     */
    static Definition parse(String file, String text, TaskResolver tasks) {
        YamlNode doc = YamlFiles.document(file, text);
        String kind = doc.required("kind").string();
        return switch (kind) {
            case "Task", "ClusterTask" -> new OfTask(TektonParser.task(doc));
            case "Pipeline" -> new OfPipeline(PipelineParser.pipeline(file, text, tasks));
            default -> throw doc.get("kind").error("kind must be Task or Pipeline, not '" + kind + "'");
        };
    }
}
