package io.jenkins.plugins.gitopsbridge.ui;

import hudson.Extension;
import org.jenkinsci.Symbol;
import hudson.model.RootAction;
import hudson.security.csrf.CrumbIssuer;
import io.gitopsbridge.web.Api;
import io.gitopsbridge.web.WebServer;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import jenkins.model.Jenkins;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;

/**
 * "GitOps" in Jenkins' side panel: the engine's dashboard at {@code /gitops/}, its API at {@code /gitops/api/}, for
 * users with Overall/Read, each application shown and acted on by {@link DashboardRules}. Actions are POSTs, which
 * Jenkins' crumb filter checks (the page carries the crumb for its script).
 */
@Extension
@Symbol("gitopsDashboard")
public final class DashboardAction implements RootAction {
    static final String URL = "gitops";

    @Override
    public String getIconFileName() {
        return Jenkins.get().hasPermission(Jenkins.READ) ? "/plugin/gitops-bridge/images/gitops.svg" : null;
    }

    @Override
    public String getDisplayName() {
        return "GitOps";
    }

    @Override
    public String getUrlName() {
        return URL;
    }

    /** Every page under {@code /gitops/}: the UI's files and the API. */
    public void doDynamic(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        Jenkins.get().checkPermission(Jenkins.READ);
        // Stapler has already sent /gitops to /gitops/, and gives the rest without a trailing slash.
        String rest = req.getRestOfPath().replaceFirst("^/", "");
        if (rest.isEmpty()) {
            send(rsp, page(req));
        } else if (rest.startsWith("ui/")) {
            send(rsp, WebServer.asset(rest.substring("ui/".length())));
        } else if (rest.startsWith("api/")) {
            send(rsp, api(req, rest.substring("api/".length())));
        } else {
            send(rsp, Api.Response.error(404, "not found: " + rest));
        }
    }

    private static Api.Response api(StaplerRequest2 req, String path) throws IOException {
        Api.Response unavailable = Api.Response.error(503, "continuous reconciliation is off: an administrator turns it on"
                + " in Manage Jenkins › System › GitOps Bridge");
        ControllerService service = ControllerService.running().orElse(null);
        if (service == null) {
            return unavailable;
        }
        Map<String, String> query = new LinkedHashMap<>();
        req.getParameterMap().forEach((k, v) -> query.put(k, v.length == 0 ? "" : v[0]));
        byte[] body = new byte[0];
        if (req.getMethod().equals("POST")) {
            if (req.getContentType() == null || !req.getContentType().toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
                return Api.Response.error(415, "actions take a JSON body (Content-Type: application/json)");
            }
            var bounded = io.gitopsbridge.web.Webhook.readBounded(req.getInputStream(), 1 << 20);
            if (bounded.isEmpty()) {
                return Api.Response.error(413, "the request body is larger than 1 MB");
            }
            body = bounded.get();
        }
        DashboardRules access = rules(GitOpsBridgeConfiguration.get());
        return new Api(service.dashboard(), service.events(), line -> java.util.logging.Logger.getLogger(
                DashboardAction.class.getName()).info(line)).handle(new Api.Request(req.getMethod(), path, query, body), access);
    }

    /** The current user's rules: each application's allowed folders, and its cluster's, as a build would meet them. */
    static DashboardRules rules(GitOpsBridgeConfiguration config) {
        return new DashboardRules(new JenkinsCaller(), name -> config.getApplications().stream()
                .filter(a -> a.getName().equals(name)).findFirst().map(a -> {
                    try {
                        return List.of(a.folders(), config.clusterFor(a.getCluster()).folders());
                    } catch (IllegalArgumentException noCluster) {
                        // No cluster it could be synced to: no build could, so nobody sees it but administrators.
                        return null;
                    }
                }).orElse(null));
    }

    /** The UI's page with the crumb its script sends on POSTs. */
    private static Api.Response page(StaplerRequest2 req) throws IOException {
        Api.Response index = WebServer.asset("index.html");
        CrumbIssuer issuer = Jenkins.get().getCrumbIssuer();
        if (issuer == null) {
            return index;
        }
        String meta = "<meta name=\"gitops-bridge-crumb\" data-header=\"" + escape(issuer.getCrumbRequestField())
                + "\" content=\"" + escape(issuer.getCrumb(req)) + "\">";
        String html = index.text().replace("<meta charset=\"utf-8\">", "<meta charset=\"utf-8\">\n  " + meta);
        return new Api.Response(200, index.contentType(), html.getBytes(StandardCharsets.UTF_8));
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;");
    }

    static void send(HttpServletResponse rsp, Api.Response r) throws IOException {
        rsp.setStatus(r.status());
        rsp.setContentType(r.contentType());
        rsp.setHeader("X-Content-Type-Options", "nosniff");
        rsp.setHeader("Cache-Control", "no-store");
        rsp.setHeader("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
        rsp.getOutputStream().write(r.body());
    }
}
