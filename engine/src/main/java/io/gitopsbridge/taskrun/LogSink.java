package io.gitopsbridge.taskrun;

/** Where a run's output goes, as it happens. Calls come from one thread at a time. */
public interface LogSink {
    /** A step (or sidecar) started; its lines follow. */
    void stepStarted(String step);

    /** One line a step printed. */
    void line(String step, String line);

    /** Something the runner has to say: the Pod was created, is unschedulable, a retry starts. */
    void event(String message);

    /** Attempt {@code attempt} (0 for the first) begins; its steps' logs start over. */
    default void attemptStarted(int attempt) {}

    /**
     * A sink that writes each line as {@code [step] line}, a step's start as {@code [step] --- started}, and
     * events to {@code events}.
     */
    static LogSink printing(java.util.function.Consumer<String> lines, java.util.function.Consumer<String> events) {
        return new LogSink() {
            @Override
            public void stepStarted(String step) {
                lines.accept("[" + step + "] --- started");
            }

            @Override
            public void line(String step, String line) {
                lines.accept("[" + step + "] " + line);
            }

            @Override
            public void event(String message) {
                events.accept(message);
            }
        };
    }

    /** A sink that drops everything. */
    LogSink NONE = new LogSink() {
        @Override
        public void stepStarted(String step) {}

        @Override
        public void line(String step, String line) {}

        @Override
        public void event(String message) {}
    };
}
