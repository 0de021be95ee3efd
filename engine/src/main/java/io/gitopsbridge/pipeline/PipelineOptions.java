package io.gitopsbridge.pipeline;

import io.gitopsbridge.taskrun.RunOptions;

/**
 * How a Pipeline run is carried out.
 *
 * @param maxParallel how many task runs may run at once
 * @param failFast when a task fails, cancel the running ones too (by default, as in Tekton, they finish; no new task
 *     starts either way)
 * @param taskOptions retention and scheduling patience for each task run; retries come from each pipeline task
 */
public record PipelineOptions(int maxParallel, boolean failFast, RunOptions taskOptions) {
    public static final PipelineOptions DEFAULT = new PipelineOptions(4, false, RunOptions.DEFAULT);

    public PipelineOptions {
        if (maxParallel < 1) {
            throw new IllegalArgumentException("maxParallel must be at least 1: " + maxParallel);
        }
    }

    public PipelineOptions withMaxParallel(int n) {
        return new PipelineOptions(n, failFast, taskOptions);
    }

    public PipelineOptions withTaskOptions(RunOptions options) {
        return new PipelineOptions(maxParallel, failFast, options);
    }

    public PipelineOptions withFailFast(boolean on) {
        return new PipelineOptions(maxParallel, on, taskOptions);
    }
}
