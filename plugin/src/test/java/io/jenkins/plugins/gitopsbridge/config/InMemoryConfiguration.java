package io.jenkins.plugins.gitopsbridge.config;

/** The global configuration without Jenkins' XML file behind it, for tests. */
public final class InMemoryConfiguration {
    private InMemoryConfiguration() {}

    public static GitOpsBridgeConfiguration create() {
        return new GitOpsBridgeConfiguration() {
            @Override
            public synchronized void load() {}

            @Override
            public synchronized void save() {}
        };
    }
}
