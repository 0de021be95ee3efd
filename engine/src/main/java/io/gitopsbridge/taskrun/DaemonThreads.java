package io.gitopsbridge.taskrun;

import java.util.concurrent.ThreadFactory;

/** Threads that never keep the JVM (or a Jenkins controller shutting down) alive. */
public final class DaemonThreads {
    private DaemonThreads() {}

    /** A factory of daemon threads with this name, so thread dumps say whose they are. */
    public static ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
