package io.gitopsbridge.controller;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Splits applications between controller replicas through Kubernetes Leases, so that each application is reconciled
 * by exactly one replica and a replica that dies is replaced within a lease's duration.
 *
 * <p>Each application belongs to one of {@code shards} shards by a stable hash of its name; each shard is a Lease
 * ({@code <prefix>-shard-<n>}) held by one replica. Every replica also holds a Lease of its own
 * ({@code <prefix>-replica-<id>}), so the replicas alive can be counted, and holds at most its fair part of the shards
 * ({@code shards / replicas}, one more for the first {@code shards mod replicas} of them by name): when a replica joins, the others give shards up; when one dies, its shards' leases
 * lapse and the others take them over. The Leases are those of Kubernetes' leader election (holderIdentity,
 * leaseDurationSeconds, acquireTime, renewTime, leaseTransitions; written with their resourceVersion, so two replicas
 * taking one shard cannot both win), and as in client-go a lease has lapsed when its record has not changed for its
 * duration on this replica's clock — other machines' clocks are never compared. fabric8's {@code LeaderElector}
 * contends for one lock and never gives one up, which cannot balance shards; this is the same protocol over several.
 *
 * <p>Work on a shard stops before its lease is given up, and when it cannot be renewed for {@code renewDeadline}
 * (shorter than the lease), so the next holder never overlaps this one.
 */
public final class Shards implements AutoCloseable {
    static final String LABEL = "gitops-bridge.io/lease-group";

    /**
     * @param prefix the Leases' name prefix, the same for every replica of one controller
     * @param leaseDuration how long a silent holder keeps a lease (client-go: 15 s)
     * @param renewDeadline how long a holder goes on working without a successful renewal (client-go: 10 s)
     * @param retryPeriod how often leases are renewed and free ones tried (client-go: 2 s)
     */
    public record Settings(String namespace, String prefix, int shards, Duration leaseDuration, Duration renewDeadline,
            Duration retryPeriod) {
        public Settings {
            if (shards < 1) {
                throw new IllegalArgumentException("shards must be at least 1, not " + shards);
            }
            if (!renewDeadline.minus(leaseDuration).isNegative() || !retryPeriod.minus(renewDeadline).isNegative()) {
                throw new IllegalArgumentException("a lease needs retryPeriod < renewDeadline < leaseDuration");
            }
        }

        public static Settings of(String namespace, int shards) {
            return new Settings(namespace, "gitops-bridge", shards, Duration.ofSeconds(15), Duration.ofSeconds(10),
                    Duration.ofSeconds(2));
        }
    }

    /** A lease as last seen: its record, and when (System.nanoTime) this replica saw the record change. */
    private record Seen(String record, long changedAt) {}

    private final KubernetesClient client;
    private final Settings settings;
    private final String identity;
    private final Consumer<Set<Integer>> onChange;
    private final Consumer<String> log;
    private final Map<String, Seen> seen = new HashMap<>();
    /** The shards held, each with when (System.nanoTime) its last successful renewal was sent. */
    private final Map<Integer, Long> held = new java.util.concurrent.ConcurrentHashMap<>();
    private final ScheduledExecutorService timer;
    /** Guards {@link #announced}, apart from the lease round, which may be blocked on the API server. */
    private final Object announcing = new Object();
    private Set<Integer> announced = Set.of();

    /**
     * @param identity this replica, unique among them (e.g. the Pod's name)
     * @param onChange told the shards this replica owns whenever they change, before any of them is given up
     */
    public Shards(KubernetesClient client, Settings settings, String identity, Consumer<Set<Integer>> onChange,
            Consumer<String> log) {
        this.client = client;
        this.settings = settings;
        this.identity = identity;
        this.onChange = onChange;
        this.log = log;
        this.timer = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "gitops-bridge-leases");
            t.setDaemon(true);
            return t;
        });
    }

    /** The shard of an application: FNV-1a of its name, so every replica and every restart agree. */
    public static int shardOf(String application, int shards) {
        return Integer.remainderUnsigned(fnv1a(application), shards);
    }

    private static int fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return hash;
    }

    public Shards start() {
        timer.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (Throwable e) {
                // Whatever failed, the next round tries again: this task must not die (a scheduled task that throws is
                // never run again).
                log.accept("Warning: the shard leases could not be read or written: " + e.getMessage());
            }
        }, 0, settings.retryPeriod().toMillis(), TimeUnit.MILLISECONDS);
        // Apart from the round, which can wait long on an unreachable API server: work stops at the renew deadline.
        timer.scheduleWithFixedDelay(() -> {
            try {
                dropUnrenewed();
            } catch (Throwable e) {
                log.accept("Warning: " + e);
            }
        }, settings.retryPeriod().toMillis(), Math.max(1, settings.retryPeriod().toMillis() / 2), TimeUnit.MILLISECONDS);
        return this;
    }

    /** The shards this replica owns now. */
    public Set<Integer> owned() {
        synchronized (announcing) {
            return announced;
        }
    }

    /** One round: renew this replica's leases, give up what is more than its part, take free or lapsed shards. */
    synchronized void tick() {
        List<Lease> listed = client.leases().inNamespace(settings.namespace()).withLabel(LABEL, settings.prefix())
                .list().getItems();
        long now = System.nanoTime();
        Map<String, Lease> leases = new HashMap<>();
        for (Lease l : listed) {
            leases.put(l.getMetadata().getName(), l);
            String record = String.valueOf(l.getSpec().getHolderIdentity()) + "|" + l.getSpec().getRenewTime() + "|"
                    + l.getSpec().getAcquireTime();
            Seen before = seen.get(l.getMetadata().getName());
            if (before == null || !before.record().equals(record)) {
                seen.put(l.getMetadata().getName(), new Seen(record, now));
            }
        }
        String me = memberLease();
        try {
            write(leases.get(me), me);
        } catch (RuntimeException e) {
            // Counted a replica less by the others for a while; the shards' renewals matter more.
            log.accept("Warning: could not renew lease " + me + ": " + e.getMessage());
        }
        // Every replica alive, in one order all of them see: the first (shards mod replicas) hold one shard more.
        List<String> members = new java.util.ArrayList<>(List.of(me));
        for (Lease l : leases.values()) {
            String name = l.getMetadata().getName();
            if (name.startsWith(settings.prefix() + "-replica-") && !name.equals(me) && !lapsed(l, now)) {
                members.add(name);
            }
        }
        java.util.Collections.sort(members);
        int replicas = members.size();
        int fair = settings.shards() / replicas + (members.indexOf(me) < settings.shards() % replicas ? 1 : 0);

        for (int shard = 0; shard < settings.shards(); shard++) {
            Lease l = leases.get(shardName(shard));
            boolean mine = held.containsKey(shard) && l != null && identity.equals(l.getSpec().getHolderIdentity());
            if (held.containsKey(shard) && !mine) {
                held.remove(shard);
                log.accept("Shard " + shard + " is held by " + (l == null ? "nobody" : l.getSpec().getHolderIdentity()) + " now");
            }
        }
        announce();
        // More than this replica's part (a replica joined): stop working on the highest shards, then free their leases.
        while (held.size() > fair) {
            int shard = java.util.Collections.max(held.keySet());
            held.remove(shard);
            announce();
            release(leases.get(shardName(shard)));
            log.accept("Gave shard " + shard + " up to balance " + replicas + " replicas");
        }
        for (int shard : Set.copyOf(held.keySet())) {
            long sent = System.nanoTime();
            if (write(leases.get(shardName(shard)), shardName(shard))) {
                renewed(shard, sent);
            } else {
                // Another replica wrote the lease since it was listed: it is theirs now.
                held.remove(shard);
                announce();
                log.accept("Shard " + shard + " was taken by another replica");
            }
        }
        for (int shard = 0; shard < settings.shards() && held.size() < fair; shard++) {
            Lease l = leases.get(shardName(shard));
            if (held.containsKey(shard)) {
                continue;
            }
            String holder = l == null ? null : l.getSpec().getHolderIdentity();
            // Held by this identity already: this replica before a restart.
            if (l == null || holder == null || holder.isEmpty() || holder.equals(identity) || lapsed(l, now)) {
                long sent = System.nanoTime();
                if (write(l, shardName(shard))) {
                    renewed(shard, sent);
                    log.accept("Took shard " + shard + (holder == null || holder.isEmpty() ? "" : " over from " + holder));
                }
            }
        }
        dropUnrenewed();
    }

    /** Keeps {@code shard} held from a renewal sent at {@code sent}, unless that is past the renew deadline already. */
    private void renewed(int shard, long sent) {
        if (System.nanoTime() - sent < settings.renewDeadline().toNanos()) {
            held.put(shard, sent);
        } else if (held.remove(shard) != null) {
            announce();
        }
    }

    private void dropUnrenewed() {
        long now = System.nanoTime();
        held.values().removeIf(sent -> now - sent >= settings.renewDeadline().toNanos());
        announce();
    }

    /** Tells the shards held, when they changed; what the listener does wrong is logged, and it is told again next time. */
    private void announce() {
        synchronized (announcing) {
            Set<Integer> now = Set.copyOf(held.keySet());
            if (!now.equals(announced)) {
                try {
                    onChange.accept(now);
                } catch (RuntimeException e) {
                    log.accept("Warning: the change of shards to " + now + " failed: " + e.getMessage());
                }
                // A failed listener is not told again: it is told what it must stop first, which is never re-sent.
                announced = now;
            }
        }
    }

    private boolean lapsed(Lease l, long now) {
        Seen s = seen.get(l.getMetadata().getName());
        Integer seconds = l.getSpec().getLeaseDurationSeconds();
        return s != null && now - s.changedAt() > TimeUnit.SECONDS.toNanos(seconds == null ? 0 : seconds);
    }

    /**
     * Takes or renews the lease {@code name} for this replica: created if missing, else written over {@code current}
     * with its resourceVersion. False when another replica won the write.
     */
    private boolean write(Lease current, String name) {
        ZonedDateTime time = ZonedDateTime.ofInstant(Instant.now(), ZoneOffset.UTC).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        boolean renewal = current != null && identity.equals(current.getSpec().getHolderIdentity());
        int transitions = current == null || current.getSpec().getLeaseTransitions() == null ? 0
                : current.getSpec().getLeaseTransitions();
        LeaseBuilder lease = (current == null ? new LeaseBuilder() : new LeaseBuilder(current)).editOrNewMetadata()
                .withName(name).withNamespace(settings.namespace()).addToLabels(LABEL, settings.prefix()).endMetadata()
                .editOrNewSpec().withHolderIdentity(identity)
                .withLeaseDurationSeconds((int) Math.max(1, settings.leaseDuration().toSeconds()))
                .withRenewTime(time).withAcquireTime(renewal ? current.getSpec().getAcquireTime() : time)
                .withLeaseTransitions(renewal || current == null ? transitions : transitions + 1).endSpec();
        try {
            if (current == null) {
                client.leases().inNamespace(settings.namespace()).resource(lease.build()).create();
            } else {
                client.leases().inNamespace(settings.namespace()).resource(lease.build()).update();
            }
            return true;
        } catch (KubernetesClientException e) {
            if (e.getCode() == 409) {
                return false;
            }
            throw e;
        }
    }

    /** Frees a lease as client-go does on release: no holder, and a duration of one second. */
    private void release(Lease current) {
        if (current == null || !identity.equals(current.getSpec().getHolderIdentity())) {
            return;
        }
        try {
            client.leases().inNamespace(settings.namespace()).resource(new LeaseBuilder(current)
                    .editSpec().withHolderIdentity("").withLeaseDurationSeconds(1).endSpec().build()).update();
        } catch (KubernetesClientException e) {
            // Not freed: it lapses after its duration instead.
            log.accept("Warning: could not free lease " + current.getMetadata().getName() + ": " + e.getMessage());
        }
    }

    private String shardName(int shard) {
        return settings.prefix() + "-shard-" + shard;
    }

    private String memberLease() {
        return settings.prefix() + "-replica-" + dnsLabel(identity);
    }

    /**
     * {@code identity} as the end of a Lease's name: lower-case letters, digits and '-'; a long or altered one is cut
     * and followed by a hash of the whole, so two identities never share a lease.
     */
    static String dnsLabel(String identity) {
        String label = identity.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9-]", "-").replaceAll("^-+|-+$", "");
        if (label.equals(identity) && label.length() <= 40) {
            return label;
        }
        String hash = String.format("%08x", fnv1a(identity));
        String cut = label.length() > 31 ? label.substring(0, 31) : label;
        cut = cut.replaceAll("-+$", "");
        return cut.isEmpty() ? hash : cut + "-" + hash;
    }

    /** Stops working on every shard, then frees their leases and this replica's own, so the others take over at once. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            timer.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        synchronized (this) {
            Set<Integer> was = Set.copyOf(held.keySet());
            held.clear();
            announce();
            try {
                for (int shard : was) {
                    release(client.leases().inNamespace(settings.namespace()).withName(shardName(shard)).get());
                }
                client.leases().inNamespace(settings.namespace()).withName(memberLease()).delete();
            } catch (KubernetesClientException | IllegalStateException e) {
                // Unreachable, or the client is closed already: the leases lapse instead.
                log.accept("Warning: could not free the leases on stopping: " + e.getMessage());
            }
        }
    }
}
