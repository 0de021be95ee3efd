package io.jenkins.plugins.gitopsbridge.ui;

import static org.assertj.core.api.Assertions.assertThat;

import io.gitopsbridge.app.Application;
import io.gitopsbridge.web.Access;
import io.jenkins.plugins.gitopsbridge.security.FolderAllowList;
import jakarta.servlet.FilterChain;
import jakarta.servlet.http.HttpServletRequest;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiPredicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who sees and acts on which application in Jenkins' dashboard, from the applications' allowed folders. */
@Timeout(10)
class DashboardRulesTest {
    private static Application app(String name) {
        return Application.parse(name + ".yaml", """
                apiVersion: argoproj.io/v1alpha1
                kind: Application
                metadata: {name: %s, namespace: jenkins}
                spec:
                  source: {repoURL: https://git.example.com/config.git, path: %s}
                  destination: {server: https://kubernetes.default.svc, namespace: %s}
                """.formatted(name, name, name));
    }

    /** A caller with fixed rights: administrator or not, Overall/Read or not, and what it may do on items. */
    private record Caller(String name, boolean administer, boolean overallRead, BiPredicate<String, Boolean> items)
            implements DashboardRules.Caller {
        @Override
        public boolean item(String fullName, boolean build) {
            return items.test(fullName, build);
        }
    }

    /** A user who may read team-a and build in team-a/deploy only. */
    private static DashboardRules.Caller developer(boolean overallRead) {
        return new Caller("dev", false, overallRead, (fullName, build) -> build ? fullName.equals("team-a/deploy")
                : Set.of("team-a", "team-a/deploy").contains(fullName));
    }

    private static FolderAllowList only(String... folders) {
        return new FolderAllowList(List.of(folders));
    }

    /** Each application's allowed folders, then its cluster's. */
    private static final Map<String, List<FolderAllowList>> FOLDERS = Map.of(
            "shop", List.of(only("team-a"), FolderAllowList.ANY_JOB),
            "shop-prod", List.of(only("team-a/deploy"), only("team-a")),
            "billing", List.of(only("team-b"), FolderAllowList.ANY_JOB),
            "shared", List.of(FolderAllowList.ANY_JOB, FolderAllowList.ANY_JOB),
            "shop-locked", List.of(only("team-a"), only("ops")),
            "shop-any", List.of(FolderAllowList.ANY_JOB, only("team-a/deploy")));

    @Test
    void foldersItemReadShowsAnApplicationAndItemBuildActsOnIt() {
        DashboardRules rules = new DashboardRules(developer(true), FOLDERS::get);
        assertThat(rules.canRead(app("shop"))).isTrue();
        assertThat(rules.canAct(app("shop"), Access.Action.SYNC)).as("may read team-a, not build there").isFalse();
        assertThat(rules.canAct(app("shop-prod"), Access.Action.ROLLBACK)).isTrue();
        assertThat(rules.canRead(app("billing"))).isFalse();
        assertThat(rules.canRead(app("shared"))).as("open to every job: Overall/Read sees it").isTrue();
        assertThat(rules.canAct(app("shared"), Access.Action.REFRESH)).as("and administrators act on it").isFalse();
        assertThat(rules.canRead(app("unconfigured"))).isFalse();
        // Its cluster admits only ops: no job of team-a could sync it, so team-a's users do not see it.
        assertThat(rules.canRead(app("shop-locked"))).isFalse();
        // Open to every job, on a cluster only team-a/deploy may use: as that folder's.
        assertThat(rules.canAct(app("shop-any"), Access.Action.SYNC)).isTrue();
        assertThat(rules.user()).isEqualTo("dev");
    }

    @Test
    void withoutOverallReadNothingAndAnAdministratorEverything() {
        DashboardRules anonymous = new DashboardRules(developer(false), FOLDERS::get);
        assertThat(anonymous.canRead(app("shop-prod"))).isFalse();
        DashboardRules.Caller admin = new Caller("admin", true, true, (fullName, build) -> false);
        assertThat(new DashboardRules(admin, FOLDERS::get).canAct(app("billing"), Access.Action.TERMINATE)).isTrue();
    }

    @Test
    void onlyTheWebhooksPathPassesWithoutACrumb() throws Exception {
        assertThat(excluded("/gitops-bridge-webhook/")).isTrue();
        assertThat(excluded("/gitops-bridge-webhook")).isTrue();
        assertThat(excluded("/gitops/api/applications/shop/sync")).isFalse();
        assertThat(excluded("/gitops-bridge-webhook/../gitops/api/applications/shop/sync")).isFalse();
        assertThat(excluded(null)).isFalse();
    }

    private static boolean excluded(String pathInfo) throws Exception {
        HttpServletRequest request = (HttpServletRequest) Proxy.newProxyInstance(DashboardRulesTest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> method.getName().equals("getPathInfo") ? pathInfo
                        : null);
        AtomicBoolean passed = new AtomicBoolean();
        FilterChain chain = (req, resp) -> passed.set(true);
        boolean handled = new WebhookCrumbExclusion().process(request, null, chain);
        assertThat(passed.get()).isEqualTo(handled);
        return handled;
    }
}
