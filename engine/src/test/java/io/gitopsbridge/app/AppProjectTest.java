package io.gitopsbridge.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gitopsbridge.yaml.YamlException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The cases of Argo CD's types_test.go for AppProject sources, destinations, kinds and sync windows. */
class AppProjectTest {
    private static AppProject project(String spec) {
        return AppProject.parse("project.yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: AppProject
                metadata: {name: team}
                spec:
                %s""".formatted(spec.indent(2)));
    }

    private static boolean source(String repos, String url) {
        return project("sourceRepos: " + repos).refuseSource(url).isEmpty();
    }

    private static boolean destination(String destinations, Destination d) {
        return project("destinations: " + destinations).refuseDestination(d).isEmpty();
    }

    @Test
    void sourceReposMatchAsIsSourcePermittedDoes() {
        assertThat(source("['*']", "https://github.com/argoproj/test.git")).isTrue();
        assertThat(source("['ssh://git@GITHUB.com:argoproj/test']", "ssh://git@github.com:argoproj/test")).isTrue();
        assertThat(source("['git@github.com:argoproj/test.git']", "ssh://git@github.com/argoproj/test")).as("scp-style").isTrue();
        assertThat(source("['https://github.com/argoproj/foo']", "https://github.com/argoproj/foo1")).isFalse();
        assertThat(source("['https://gitlab.com/group/*']", "https://gitlab.com/group/repo/owner")).isFalse();
        assertThat(source("['https://gitlab.com/group/*/*']", "https://gitlab.com/group/repo/owner")).isTrue();
        assertThat(source("['https://gitlab.com/group/**']", "https://gitlab.com/group/sub-group/repo/owner")).isTrue();
        assertThat(source("['https://github.com/test1/test.git', '!https://github.com/test2/test.git']",
                "https://github.com/test2/test.git")).isFalse();
        assertThat(source("['!https://github.com/argoproj/*.git', '*']", "https://github.com/argoproj1/test2.git")).isTrue();
        assertThat(source("['!https://github.com/argoproj/*.git', '*']", "https://github.com/argoproj/test2.git")).isFalse();
        assertThat(project("sourceRepos: ['https://github.com/a/b']").refuseSource("https://github.com/c/d"))
                .contains("application repo https://github.com/c/d is not permitted in project 'team'");
    }

    @Test
    void destinationsMatchAsIsDestinationPermittedDoes() {
        String server = "https://kubernetes.default.svc";
        assertThat(destination("[{server: '" + server + "', namespace: default}]", new Destination(server, null, "kube-system")))
                .isFalse();
        assertThat(destination("[{server: '" + server + "', namespace: '*'}]", new Destination(server, null, "kube-system"))).isTrue();
        assertThat(destination("[{server: 'https://*.default.svc', namespace: default}]", new Destination(server, null, "default")))
                .isTrue();
        assertThat(destination("[{server: '" + server + "', namespace: 'test-*'}]", new Destination(server, null, "test"))).isFalse();
        assertThat(destination("[{name: test, namespace: '*'}]", new Destination(null, "test", "x"))).isTrue();
        assertThat(destination("[{name: test, namespace: '*'}]", new Destination(null, "test2", "x"))).isFalse();
        assertThat(destination("[{server: '*', namespace: '*'}, {server: '*', namespace: '!kube-system'}]",
                new Destination(server, null, "kube-system"))).isFalse();
        assertThat(destination("[{server: '" + server + "', namespace: '!default'}]", new Destination(server, null, "kube-system")))
                .isTrue();
        assertThat(destination("[{server: '*', namespace: '*'}, {server: '!" + server + "', namespace: kube-system}]",
                new Destination(server, null, "kube-system"))).isFalse();
        assertThat(AppProject.DEFAULT.refuseDestination(new Destination(null, "in-cluster", "shop"))).as("by name").isEmpty();
        assertThat(destination("[{server: '" + server + "', namespace: '*'}]", new Destination(null, "in-cluster", "x")))
                .as("in-cluster is the resolved name of the in-cluster server").isTrue();
        assertThat(project("destinations: [{server: x, namespace: y}]").refuseDestination(new Destination(server, null, "shop")))
                .contains("application destination server '" + server + "' and namespace 'shop' do not match any of the allowed"
                        + " destinations in project 'team'");
    }

    @Test
    void resourceListsMatchAsIsGroupKindPermittedDoes() {
        AppProject emptyWhitelist = project("namespaceResourceWhitelist: []\nnamespaceResourceBlacklist: [{group: apps, kind: Deployment}]");
        assertThat(emptyWhitelist.refuseResource("apps", "ReplicaSet", true)).isPresent();
        assertThat(emptyWhitelist.refuseResource("apps", "Deployment", true)).isPresent();
        AppProject replicaSets = project("namespaceResourceWhitelist: [{group: apps, kind: ReplicaSet}]");
        assertThat(replicaSets.refuseResource("apps", "ReplicaSet", true)).isEmpty();
        assertThat(replicaSets.refuseResource("apps", "Action", true)).isPresent();
        AppProject allThenNone = project("clusterResourceWhitelist: [{group: '*', kind: '*'}]\n"
                + "clusterResourceBlacklist: [{group: '*', kind: '*'}]");
        assertThat(allThenNone.refuseResource("", "Namespace", false)).contains("resource :Namespace is not permitted in project team");
        AppProject empty = project("sourceRepos: ['*']");
        assertThat(empty.refuseResource("", "Namespace", false)).as("cluster-scoped kinds need the whitelist").isPresent();
        assertThat(empty.refuseResource("apps", "Action", true)).as("namespaced kinds are allowed without one").isEmpty();
        assertThat(AppProject.DEFAULT.refuseResource("", "Namespace", false)).isEmpty();
    }

    private static AppProject windows(String... windows) {
        return project("syncWindows:\n" + String.join("", windows));
    }

    private static String window(String kind, String schedule, boolean manualSync) {
        return "- {kind: " + kind + ", schedule: '" + schedule + "', duration: 1h, applications: ['*'], manualSync: " + manualSync
                + "}\n";
    }

    private static final Instant NOON = Instant.parse("2026-12-01T12:30:00Z");
    private static final Destination DEST = new Destination("https://kubernetes.default.svc", null, "default");
    private static final String OPEN = "0 12 * * *";
    private static final String CLOSED = "0 3 * * *";

    @Test
    void syncWindowsDecideAsCanSyncDoes() {
        AppProject deny = windows(window("deny", OPEN, true));
        assertThat(deny.canSync("app", DEST, true, NOON)).isTrue();
        assertThat(deny.canSync("app", DEST, false, NOON)).isFalse();
        assertThat(windows(window("deny", OPEN, true), window("deny", OPEN, true), window("deny", OPEN, false))
                .canSync("app", DEST, true, NOON)).as("every open deny window must allow manual syncs").isFalse();
        AppProject allowAndDeny = windows(window("allow", OPEN, false), window("deny", OPEN, true));
        assertThat(allowAndDeny.canSync("app", DEST, true, NOON)).isTrue();
        assertThat(allowAndDeny.canSync("app", DEST, false, NOON)).as("deny wins").isFalse();
        assertThat(windows(window("allow", CLOSED, false)).canSync("app", DEST, true, NOON)).isFalse();
        assertThat(windows(window("allow", CLOSED, false)).canSync("app", DEST, false, NOON)).isFalse();
        assertThat(windows(window("allow", CLOSED, true)).canSync("app", DEST, true, NOON)).isTrue();
        assertThat(windows(window("allow", CLOSED, true)).canSync("app", DEST, false, NOON)).isFalse();
        assertThat(windows(window("allow", CLOSED, true), window("allow", CLOSED, false)).canSync("app", DEST, true, NOON)).isFalse();
        assertThat(windows(window("deny", CLOSED, false)).canSync("app", DEST, true, NOON)).as("a closed deny window").isTrue();
        assertThat(windows(window("allow", OPEN, false), window("allow", CLOSED, false)).canSync("app", DEST, false, NOON)).isTrue();
        assertThat(windows("- {kind: deny, schedule: '" + OPEN + "', duration: 1h, applications: [other-*]}\n")
                .canSync("app", DEST, false, NOON)).as("a window for other applications").isTrue();
    }

    /** Argo CD's inactiveAllows cases: windows opening at 10:00 and 05:00 for 2 h, seen at 06:00 in their zones. */
    @Test
    void windowsOpenInTheirTimeZone() {
        AppProject utc = windows("- {kind: allow, schedule: '* 10 * * *', duration: 2h, applications: ['*']}\n",
                "- {kind: allow, schedule: '* 5 * * *', duration: 2h, applications: ['*']}\n");
        Instant six = Instant.parse("2026-12-01T06:00:00Z");
        assertThat(utc.syncWindows().get(0).active(six)).isFalse();
        assertThat(utc.syncWindows().get(1).active(six)).isTrue();
        AppProject zoned = windows("- {kind: allow, schedule: '* 10 * * *', duration: 2h, applications: ['*'], timeZone: America/New_York}\n",
                "- {kind: allow, schedule: '* 8 * * *', duration: 2h, applications: ['*'], timeZone: Asia/Dhaka}\n");
        assertThat(zoned.syncWindows().get(0).active(Instant.parse("2026-12-01T11:00:00Z"))).as("06:00 in New York").isFalse();
        assertThat(zoned.syncWindows().get(1).active(Instant.parse("2026-12-01T07:00:00Z"))).as("13:00 in Dhaka").isFalse();
        assertThat(zoned.syncWindows().get(1).active(Instant.parse("2026-12-01T03:30:00Z"))).as("09:30 in Dhaka").isTrue();
    }

    @Test
    void badWindowsAndListsAreRefusedWithTheirField() {
        assertThatThrownBy(() -> windows("- {kind: allow, schedule: '* * *', duration: 1h, applications: ['*']}\n"))
                .isInstanceOf(YamlException.class).hasMessageContaining("project.yaml:").hasMessageContaining("schedule")
                .hasMessageContaining("cannot parse schedule '* * *': expected exactly 5 fields");
        assertThatThrownBy(() -> windows("- {kind: allow, schedule: '* * * * *', duration: 33mm, applications: ['*']}\n"))
                .hasMessageContaining("cannot parse duration '33mm'");
        assertThatThrownBy(() -> windows("- {kind: maybe, schedule: '* * * * *', duration: 1h, applications: ['*']}\n"))
                .hasMessageContaining("kind 'maybe' mismatch: can only be allow or deny");
        assertThatThrownBy(() -> windows("- {kind: deny, schedule: '* * * * *', duration: 1h}\n"))
                .hasMessageContaining("window requires one of application, cluster or namespace");
        assertThatThrownBy(() -> windows("- {kind: deny, schedule: '* * * * *', duration: 1h, applications: ['*'], timeZone: Mars/Olympus}\n"))
                .hasMessageContaining("project.yaml:").hasMessageContaining("unknown time zone 'Mars/Olympus'");
        assertThatThrownBy(() -> project("clusterResourceWhitelist: [{group: '', kind: Namespace, name: 'team-*'}]"))
                .isInstanceOf(YamlException.class)
                .hasMessageContaining("resource names in clusterResourceWhitelist are not supported; restrict by group and kind");
    }

    @Test
    void cronFieldsAsRobfigCronReadsThem() {
        java.time.ZonedDateTime monday = java.time.ZonedDateTime.parse("2026-11-30T09:15:00Z");
        assertThat(Cron.parse("*/15 9-17 * * MON-FRI").fires(monday)).isTrue();
        assertThat(Cron.parse("*/15 9-17 * * SAT,SUN").fires(monday)).isFalse();
        assertThat(Cron.parse("15 9 1 * MON").fires(monday)).as("either day field, when neither is *").isTrue();
        assertThat(Cron.parse("15 9 1 * *").fires(monday)).isFalse();
        assertThat(Cron.parse("15 9 * NOV *").fires(monday)).isTrue();
        assertThat(Cron.parse("5/20 * * * *").fires(monday.withMinute(45))).as("a/n is a-max/n").isTrue();
        assertThat(Cron.parse("0 9 */1 * MON").fires(monday.plusDays(1).withMinute(0))).as("*/1 keeps robfig's star bit")
                .isFalse();
        assertThatThrownBy(() -> Cron.parse("61 * * * *")).hasMessageContaining("minute 61 is outside 0-59");
        assertThat(Glob.matches("[^a]", "b", "")).as("gobwas negates sets with ! only").isFalse();
        assertThat(Glob.matches("[!a]", "b", "")).isTrue();
    }
}
