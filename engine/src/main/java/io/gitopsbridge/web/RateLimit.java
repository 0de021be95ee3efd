package io.gitopsbridge.web;

import java.util.HashMap;
import java.util.Map;

/**
 * A token bucket per sender: {@code burst} requests at once, then {@code perSecond} a second, so a flood from one
 * address does not turn away a Git server's deliveries.
 */
public final class RateLimit {
    /** More senders than this at once and the buckets start over, so the map stays bounded. */
    private static final int MAX_SENDERS = 10_000;

    private final double perSecond;
    private final double burst;
    private final Map<String, double[]> buckets = new HashMap<>();

    public RateLimit(double perSecond, int burst) {
        this.perSecond = perSecond;
        this.burst = burst;
    }

    /** Whether one more request from {@code sender} may go now. */
    public synchronized boolean tryAcquire(String sender) {
        long now = System.nanoTime();
        if (buckets.size() >= MAX_SENDERS && !buckets.containsKey(sender)) {
            buckets.clear();
        }
        // [tokens, last refill in nanoseconds]
        double[] b = buckets.computeIfAbsent(sender, s -> new double[] {burst, now});
        b[0] = Math.min(burst, b[0] + (now - (long) b[1]) / 1e9 * perSecond);
        b[1] = now;
        if (b[0] < 1) {
            return false;
        }
        b[0]--;
        return true;
    }
}
