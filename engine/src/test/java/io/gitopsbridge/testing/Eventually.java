package io.gitopsbridge.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Waits for a condition another thread brings about (a controller, an informer), failing with what was awaited. */
public final class Eventually {
    private Eventually() {}

    public static void eventually(String what, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what + " within 30 s").isLessThan(end);
            Thread.sleep(20);
        }
    }
}
