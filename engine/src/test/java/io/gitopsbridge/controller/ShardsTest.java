package io.gitopsbridge.controller;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Config;
import io.gitopsbridge.testing.KubernetesApi;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Controller replicas sharing shards through Leases on the test API: a split, a rebalance, a takeover. */
class ShardsTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    /** Leases of one second (their smallest), renewed every 100 ms. */
    private static Shards.Settings settings(String namespace) {
        return new Shards.Settings(namespace, "gitops-bridge", 4, Duration.ofSeconds(1), Duration.ofMillis(600),
                Duration.ofMillis(100));
    }

    /** What each replica owns, as each was told; and any moment two replicas owned one shard. */
    private static final class Owners {
        final Map<String, Set<Integer>> owned = new ConcurrentHashMap<>();
        final List<String> overlaps = new CopyOnWriteArrayList<>();

        java.util.function.Consumer<Set<Integer>> of(String replica) {
            return shards -> {
                synchronized (this) {
                    owned.put(replica, shards);
                    Set<Integer> seen = new HashSet<>();
                    for (Set<Integer> s : owned.values()) {
                        for (int shard : s) {
                            if (!seen.add(shard)) {
                                overlaps.add(owned.toString());
                            }
                        }
                    }
                }
            };
        }

        Set<Integer> of0(String replica) {
            return owned.getOrDefault(replica, Set.of());
        }
    }

    @Test
    void theTestApiRefusesAStaleLeaseWriteAsTheApiServerDoes() {
        // The protocol relies on it: two replicas writing one lease with the same resourceVersion, one must lose.
        KubernetesClient client = api.client();
        Lease lease = client.leases().inNamespace("fixture").resource(new LeaseBuilder().withNewMetadata().withName("l")
                .withNamespace("fixture").endMetadata().withNewSpec().withHolderIdentity("a").endSpec().build()).create();
        client.leases().inNamespace("fixture").resource(new LeaseBuilder(lease).editSpec().withHolderIdentity("b").endSpec().build())
                .update();
        assertThatThrownBy(() -> client.leases().inNamespace("fixture").resource(new LeaseBuilder(lease).editSpec()
                .withHolderIdentity("c").endSpec().build()).update())
                .isInstanceOfSatisfying(KubernetesClientException.class, e -> assertThat(e.getCode()).isEqualTo(409));
    }

    @Test
    void twoReplicasSplitTheShardsAndOneTakesOverWhenTheOthersLeaseLapses() throws Exception {
        Owners owners = new Owners();
        KubernetesClient bClient = new KubernetesClientBuilder().withConfig(new io.fabric8.kubernetes.client.ConfigBuilder(
                Config.empty()).withMasterUrl(api.url().toString()).withNamespace("split").build()).build();
        try (Shards a = new Shards(api.client(), settings("split"), "replica-a", owners.of("a"), line -> { }).start()) {
            eventually("a alone holds every shard", () -> owners.of0("a").equals(Set.of(0, 1, 2, 3)));

            Shards b = new Shards(bClient, settings("split"), "replica-b", owners.of("b"), line -> { }).start();
            eventually("a and b hold two shards each", () -> owners.of0("a").size() == 2 && owners.of0("b").size() == 2);
            Set<Integer> all = new HashSet<>(owners.of0("a"));
            all.addAll(owners.of0("b"));
            assertThat(all).containsExactlyInAnyOrder(0, 1, 2, 3);

            // b loses the API server (a partition, or a replica that hangs): it stops working once it cannot renew,
            // and a takes its shards after their leases lapse.
            bClient.close();
            eventually("b stops working on its shards", () -> owners.of0("b").isEmpty());
            eventually("a takes b's shards over", () -> owners.of0("a").equals(Set.of(0, 1, 2, 3)));
            b.close();
            Lease taken = api.client().leases().inNamespace("split").withName("gitops-bridge-shard-" + IntStream.range(0, 4)
                    .filter(s -> api.client().leases().inNamespace("split").withName("gitops-bridge-shard-" + s).get()
                            .getSpec().getLeaseTransitions() > 0).findFirst().orElse(0)).get();
            assertThat(taken.getSpec().getHolderIdentity()).isEqualTo("replica-a");
            assertThat(taken.getSpec().getLeaseTransitions()).isPositive();
        }
        assertThat(owners.overlaps).as("moments two replicas owned one shard").isEmpty();
    }

    @Test
    void aReplicaStoppingFreesItsShardsAtOnce() throws Exception {
        Owners owners = new Owners();
        Shards a = new Shards(api.client(), settings("stop"), "replica-a", owners.of("a"), line -> { }).start();
        try (Shards b = new Shards(api.client(), settings("stop"), "replica-b", owners.of("b"), line -> { }).start()) {
            eventually("a and b hold two shards each", () -> owners.of0("a").size() == 2 && owners.of0("b").size() == 2);
            long started = System.nanoTime();
            a.close();
            assertThat(owners.of0("a")).isEmpty();
            eventually("b holds every shard", () -> owners.of0("b").size() == 4);
            // Freed leases (no holder) and a deleted replica lease: no waiting for a lease to lapse.
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(owners.overlaps).isEmpty();
    }

    @Test
    void threeReplicasSplitFourShardsTwoOneOne() throws Exception {
        Owners owners = new Owners();
        try (Shards a = new Shards(api.client(), settings("three"), "replica-a", owners.of("a"), line -> { }).start();
                Shards b = new Shards(api.client(), settings("three"), "replica-b", owners.of("b"), line -> { }).start();
                Shards c = new Shards(api.client(), settings("three"), "replica-c", owners.of("c"), line -> { }).start()) {
            // The first replica by name holds the one shard over: never 2/2/0, which a ceiling for all would allow.
            eventually("the shards split 2/1/1", () -> owners.of0("a").size() == 2 && owners.of0("b").size() == 1
                    && owners.of0("c").size() == 1);
        }
        assertThat(owners.overlaps).isEmpty();
    }

    @Test
    void aShardWhoseRenewalIsRefusedIsDroppedAtOnce() throws Exception {
        Owners owners = new Owners();
        List<String> log = new CopyOnWriteArrayList<>();
        try (Shards a = new Shards(api.client(), settings("lost"), "replica-a", owners.of("a"), log::add).start()) {
            eventually("a holds every shard", () -> owners.of0("a").equals(Set.of(0, 1, 2, 3)));
            // Another replica wrote shard 0's lease between a's list and a's renewal: the API server answers 409.
            api.server().expect().put().withPath("/apis/coordination.k8s.io/v1/namespaces/lost/leases/gitops-bridge-shard-0")
                    .andReturn(409, "{\"kind\":\"Status\",\"code\":409,\"reason\":\"Conflict\"}").always();
            eventually("a stops working on shard 0", () -> owners.of0("a").equals(Set.of(1, 2, 3)));
            assertThat(log).contains("Shard 0 was taken by another replica");
        }
    }

    @Test
    void theLeaseRoundGoesOnWhenWhoIsToldOfTheShardsFails() throws Exception {
        List<Set<Integer>> told = new CopyOnWriteArrayList<>();
        Owners owners = new Owners();
        try (Shards a = new Shards(api.client(), settings("failing"), "replica-a", shards -> {
            told.add(shards);
            throw new IllegalStateException("the applications could not be listed");
        }, line -> { }).start()) {
            eventually("a holds every shard", () -> a.owned().equals(Set.of(0, 1, 2, 3)));
            try (Shards b = new Shards(api.client(), settings("failing"), "replica-b", owners.of("b"), line -> { }).start()) {
                eventually("a gives two shards up to b", () -> a.owned().size() == 2 && owners.of0("b").size() == 2);
            }
        }
        assertThat(told).contains(Set.of(0, 1, 2, 3));
    }

    @Test
    void replicaLeaseNamesAreValidAndDistinctForLongOrOddIdentities() {
        String pod = "gitops-bridge-controller-7d9f8c6b5d-";
        String a = Shards.dnsLabel(pod + "x2k4p-and-a-very-long-suffix-a");
        String b = Shards.dnsLabel(pod + "x2k4p-and-a-very-long-suffix-b");
        assertThat(a).isNotEqualTo(b);
        assertThat(Shards.dnsLabel("Replica_A")).isNotEqualTo(Shards.dnsLabel("replica-a"));
        assertThat(Shards.dnsLabel("replica-a")).isEqualTo("replica-a");
        for (String label : List.of(a, b, Shards.dnsLabel("Replica_A"), Shards.dnsLabel("----"),
                Shards.dnsLabel("host.example.com-------------------------------------x"))) {
            // The whole name is a DNS subdomain; ours also keeps to a label: at most 63 with the prefix.
            assertThat("gitops-bridge-replica-" + label).matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?").hasSizeLessThanOrEqualTo(63);
        }
    }

    @Test
    void anApplicationsShardIsAStableHashOfItsName() {
        // FNV-1a 32 of "a" is 0xe40c292c; the split is even enough to balance replicas.
        assertThat(Shards.shardOf("a", 1 << 16)).isEqualTo(0x292c);
        int[] counts = new int[4];
        IntStream.range(0, 4000).forEach(i -> counts[Shards.shardOf("app-" + i, 4)]++);
        assertThat(IntStream.of(counts).boxed().toList()).allSatisfy(c -> assertThat(c).isBetween(900, 1100));
    }
}
