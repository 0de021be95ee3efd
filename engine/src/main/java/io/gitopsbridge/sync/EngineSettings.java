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
 * @param adoptUntracked whether an object that exists with no application's tracking is applied over and so becomes
 *     the application's, as Argo CD does; when not, such an object stops the sync before its first write
 */
public record EngineSettings(Tracking tracking, String fieldManager, Duration waveDelay, Duration pollInterval, int parallelism,
        boolean adoptUntracked) {
    public static final EngineSettings DEFAULTS = new EngineSettings(Tracking.ANNOTATION, "gitops-bridge", Duration.ofSeconds(2),
            Duration.ofSeconds(2), 20, true);

    public EngineSettings withTiming(Duration waveDelay, Duration pollInterval) {
        return new EngineSettings(tracking, fieldManager, waveDelay, pollInterval, parallelism, adoptUntracked);
    }

    public EngineSettings withTracking(Tracking t) {
        return new EngineSettings(t, fieldManager, waveDelay, pollInterval, parallelism, adoptUntracked);
    }

    /** These settings, refusing (instead of adopting) objects that exist without tracking. */
    public EngineSettings refusingUntracked() {
        return new EngineSettings(tracking, fieldManager, waveDelay, pollInterval, parallelism, false);
    }
}
