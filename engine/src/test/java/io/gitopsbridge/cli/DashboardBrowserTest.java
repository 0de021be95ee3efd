package io.gitopsbridge.cli;

import static io.gitopsbridge.testing.Eventually.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.gitopsbridge.app.Application;
import io.gitopsbridge.testing.GitHttpServer;
import io.gitopsbridge.testing.KubernetesApi;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import picocli.CommandLine;

/**
 * The dashboard in a real browser (Debian's chromium, headless, through chromium-driver) against
 * {@code gitops-bridge controller --listen} on the test API and a Git server: the list shows the applications, a
 * resource changed by hand shows OutOfSync with its diff, Sync heals it, and Rollback goes back to an earlier sync.
 * Screenshots go to {@code target/screenshots}.
 */
@Timeout(240)
class DashboardBrowserTest {
    @RegisterExtension
    static final KubernetesApi api = KubernetesApi.http();

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path DRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path SCREENSHOTS = Path.of("target", "screenshots");

    private static WebDriver browser;

    @BeforeAll
    static void browser() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER),
                "Skipping the browser tests: install Debian's chromium and chromium-driver (.ci/run does)");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                        "--disable-gpu", "--no-first-run");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        browser = new ChromeDriver(service, options);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    private static String value() {
        var cm = api.client().configMaps().inNamespace("dash-shop").withName("settings").get();
        return cm == null ? null : cm.getData().get("v");
    }

    private static void application(String name, String repo, String syncPolicy) {
        api.client().genericKubernetesResources(Application.RESOURCE).inNamespace("dash").resource(
                api.client().getKubernetesSerialization().unmarshal("""
                        apiVersion: argoproj.io/v1alpha1
                        kind: Application
                        metadata: {name: %s, namespace: dash}
                        spec:
                          source: {repoURL: %s, path: %s, targetRevision: main}
                          destination: {server: https://kubernetes.default.svc, namespace: dash-%s}
                          syncPolicy: %s
                        """.formatted(name, repo, name, name, syncPolicy), GenericKubernetesResource.class)).create();
    }

    private static void commit(GitHttpServer git, Path work, String file, String content, String message) throws Exception {
        Files.writeString(work.resolve(file), content);
        GitHttpServer.git(work, "-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "--quiet", "-am", message);
        GitHttpServer.git(work, "push", "--quiet", "origin", "main");
    }

    private static WebDriverWait waiting() {
        return (WebDriverWait) new WebDriverWait(browser, Duration.ofSeconds(45)).ignoring(StaleElementReferenceException.class);
    }

    /** Waits for the text of {@code by} to contain {@code text}; the page redraws as it polls. */
    private static void waitForText(By by, String text) {
        waiting().until(ExpectedConditions.textToBePresentInElementLocated(by, text));
    }

    private static void click(By by) {
        waiting().until(d -> {
            var e = d.findElement(by);
            if (!e.isEnabled() || !e.isDisplayed()) {
                return false;
            }
            e.click();
            return true;
        });
    }

    private static void screenshot(String name) throws Exception {
        Files.createDirectories(SCREENSHOTS);
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

    @Test
    void theListDriftDiffSyncAndRollbackInABrowser(@TempDir Path dir) throws Exception {
        Path kubeconfig = Files.writeString(dir.resolve("kubeconfig"), api.kubeconfig("canary-token-dashboard", "dash"));
        StringWriter err = new StringWriter();
        try (GitHttpServer git = GitHttpServer.startAnonymous(Files.createDirectories(dir.resolve("repos")))) {
            git.createRepository("config", Map.of(
                    "shop/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {v: '1'}\n",
                    "billing/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: billing}\ndata: {rate: '7'}\n"));
            application("shop", git.url("config").toString(), "{}");
            application("billing", git.url("config").toString(), "{automated: {selfHeal: true}}");

            ControllerCommand command = new ControllerCommand();
            CommandLine cli = new CommandLine(command);
            cli.setErr(new PrintWriter(err, true));
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> cli.execute("--kubeconfig", kubeconfig.toString(),
                    "--cache", dir.resolve("cache").toString(), "--refresh", "1s", "--jitter", "0s", "--revision-cache", "0s",
                    "--identity", "replica-1", "--listen", "127.0.0.1:0"));
            try {
                InetSocketAddress at = command.listening.get(60, TimeUnit.SECONDS);
                String base = "http://127.0.0.1:" + at.getPort() + "/";

                // The list: both applications, the automated one synced by itself, the manual one OutOfSync.
                browser.get(base);
                waitForText(By.cssSelector("tr[data-app=billing] .sync-badge"), "Synced");
                waitForText(By.cssSelector("tr[data-app=shop] .sync-badge"), "OutOfSync");
                waitForText(By.id("count-total"), "2 applications");
                screenshot("list");

                // A filter in the URL, as a user shares it.
                browser.get(base + "#/?sync=OutOfSync");
                waiting().until(d -> d.findElements(By.cssSelector("tr[data-app]")).size() == 1);
                assertThat(browser.findElement(By.cssSelector("tr[data-app]")).getAttribute("data-app")).isEqualTo("shop");

                // The manual application: Sync, then a second commit synced after a hard refresh.
                browser.get(base + "#/app/shop");
                waitForText(By.id("diff"), "+  v: '1'");
                click(By.id("sync"));
                waitForText(By.cssSelector("#operation .phase-badge"), "Succeeded");
                eventually("the first sync applied", () -> "1".equals(value()));
                Path work = Files.createTempDirectory(dir, "work");
                GitHttpServer.git(work, "clone", "--quiet", git.repository("config").toString(), ".");
                commit(git, work, "shop/cm.yaml", "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: settings}\ndata: {v: '2'}\n", "v2");
                click(By.id("hard-refresh"));
                waitForText(By.cssSelector("#main .facts .sync-badge"), "OutOfSync");
                click(By.id("sync"));
                eventually("the second commit synced", () -> "2".equals(value()));
                waiting().until(d -> d.findElements(By.cssSelector("#history tr[data-history]")).size() == 2);

                // Drift: the ConfigMap edited by hand shows OutOfSync, highlighted, with its diff.
                api.client().configMaps().inNamespace("dash-shop").withName("settings").edit(cm -> {
                    cm.setData(Map.of("v", "changed by hand"));
                    return cm;
                });
                waitForText(By.cssSelector("#main .facts .sync-badge"), "OutOfSync");
                waiting().until(d -> !d.findElements(By.cssSelector("#tree li.out-of-sync[data-kind=ConfigMap][data-name=settings]")).isEmpty());
                waitForText(By.id("diff"), "changed by hand");
                screenshot("drift");

                click(By.id("sync"));
                eventually("the drift healed by Sync", () -> "2".equals(value()));
                waitForText(By.cssSelector("#main .facts .sync-badge"), "Synced");
                screenshot("synced");

                // Rollback to the first sync: its revision is applied, and the app is OutOfSync with Git again.
                String first = browser.findElement(By.cssSelector("#history tr[data-history='0'] td:nth-child(2)")).getText();
                assertThat(browser.findElement(By.cssSelector("#history tr[data-history='0'] td:nth-child(4)")).getText())
                        .as("who asked, as the history records it").isEqualTo("local");
                click(By.cssSelector("button[data-rollback='0']"));
                eventually("rolled back to the first commit", () -> "1".equals(value()));
                waitForText(By.id("operation-revision"), first);
                waitForText(By.cssSelector("#main .facts .sync-badge"), "OutOfSync");
                waitForText(By.id("events"), "Rollback to 0 asked by local");
                screenshot("rollback");

                // Polls redraw only what changed: a focused history button keeps the focus across refreshes.
                waiting().until(d -> !d.findElements(By.cssSelector("button[data-rollback='3']")).isEmpty());
                ((JavascriptExecutor) browser).executeScript("document.querySelector(\"button[data-rollback='1']\").focus();");
                String compared = browser.findElement(By.xpath("//dt[text()='Compared']/following-sibling::dd[1]")).getText();
                waiting().until(d -> !d.findElement(By.xpath("//dt[text()='Compared']/following-sibling::dd[1]")).getText()
                        .equals(compared));
                assertThat(((JavascriptExecutor) browser).executeScript(
                        "return document.activeElement.getAttribute('data-rollback');")).isEqualTo("1");

                // The automated application offers no rollback, as Argo CD refuses one while auto-sync is on.
                browser.get(base + "#/app/billing");
                waiting().until(d -> !d.findElements(By.cssSelector("button[data-rollback]")).isEmpty());
                assertThat(browser.findElement(By.cssSelector("button[data-rollback]")).isEnabled()).isFalse();

                // Every control has a name a screen reader can say; every field has its label.
                @SuppressWarnings("unchecked")
                List<String> unnamed = (List<String>) ((JavascriptExecutor) browser).executeScript("""
                        var out = [];
                        document.querySelectorAll('button, input, select').forEach(function (e) {
                          var named = (e.getAttribute('aria-label') || e.textContent.trim()) ||
                            (e.id && document.querySelector('label[for="' + e.id + '"]'));
                          if (!named) { out.push(e.outerHTML); }
                        });
                        return out;""");
                assertThat(unnamed).isEmpty();
            } finally {
                command.stop.countDown();
            }
            assertThat(exit.get(30, TimeUnit.SECONDS)).as(err.toString()).isZero();
        }
        assertThat(err.toString()).contains("Dashboard at http://127.0.0.1:").doesNotContain("canary-token");
    }
}
