package io.gitopsbridge.sync;

import java.time.Duration;

/**
 * How the engine works, whatever the application.
 *
 * @param tracking how objects are marked as an application's
 * @param fieldManager the field manager for server-side apply
 * @param waveDelay the pause between waves, so health is not read from a status the controllers have not updated yet
 *     (Argo CD: 2 s)
 * @param pollInterval how often health is read while waiting
 * @param parallelism how many objects of one kind are applied at once
 */
public record EngineSettings(Tracking tracking, String fieldManager, Duration waveDelay, Duration pollInterval, int parallelism) {
    public static final EngineSettings DEFAULTS = new EngineSettings(Tracking.ANNOTATION, "gitops-bridge", Duration.ofSeconds(2),
            Duration.ofSeconds(2), 20);

    public EngineSettings withTiming(Duration waveDelay, Duration pollInterval) {
        return new EngineSettings(tracking, fieldManager, waveDelay, pollInterval, parallelism);
    }

    public EngineSettings withTracking(Tracking t) {
        return new EngineSettings(t, fieldManager, waveDelay, pollInterval, parallelism);
    }
}
