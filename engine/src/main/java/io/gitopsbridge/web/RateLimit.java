package io.gitopsbridge.web;

/** A token bucket: {@code burst} requests at once, then {@code perSecond} a second. */
public final class RateLimit {
    private final double perSecond;
    private final double burst;
    private double tokens;
    private long last;

    public RateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
        this.tokens = burst;
        this.last = System.nanoTime();
    }

    /** Whether one more request may go now. */
    public synchronized boolean tryAcquire() {
        long now = System.nanoTime();
        tokens = Math.min(burst, tokens + (now - last) / 1e9 * perSecond);
        last = now;
        if (tokens < 1) {
            return false;
        }
        tokens--;
        return true;
    }
}
