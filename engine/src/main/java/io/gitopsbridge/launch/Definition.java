package io.gitopsbridge.launch;

import io.gitopsbridge.tekton.ParamSpec;
import io.gitopsbridge.tekton.Pipeline;
import io.gitopsbridge.tekton.Task;
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
}
