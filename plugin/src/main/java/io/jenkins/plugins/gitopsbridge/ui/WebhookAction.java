package io.jenkins.plugins.gitopsbridge.ui;

import hudson.Extension;
import org.jenkinsci.Symbol;
import hudson.model.UnprotectedRootAction;
import io.gitopsbridge.web.Api;
import io.gitopsbridge.web.RateLimit;
import io.gitopsbridge.web.Webhook;
import io.jenkins.plugins.gitopsbridge.config.GitOpsBridgeConfiguration;
import io.jenkins.plugins.gitopsbridge.config.GlobalCredentials;
import io.jenkins.plugins.gitopsbridge.controller.ControllerService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Logger;
import org.jenkinsci.plugins.plaincredentials.StringCredentials;
import org.kohsuke.stapler.StaplerRequest2;
import org.kohsuke.stapler.StaplerResponse2;
import org.kohsuke.stapler.verb.POST;

/**
 * The Git webhook at {@code JENKINS_URL/gitops-bridge-webhook/}: anonymous, as Git servers call it, and verified by
 * each provider's secret from Jenkins' global credentials ({@link Webhook}); the crumb filter lets it through
 * ({@link WebhookCrumbExclusion}), since Git servers have no crumb.
 */
@Extension
@Symbol("gitopsBridgeWebhook")
public final class WebhookAction implements UnprotectedRootAction {
    static final String URL = "gitops-bridge-webhook";
    private static final Logger LOGGER = Logger.getLogger(WebhookAction.class.getName());
    private static final RateLimit RATE = new RateLimit(10, 50);

    @Override
    public String getIconFileName() {
        return null;
    }

    @Override
    public String getDisplayName() {
        return "GitOps Bridge webhook";
    }

    @Override
    public String getUrlName() {
        return URL;
    }

    @POST
    public void doIndex(StaplerRequest2 req, StaplerResponse2 rsp) throws IOException {
        ControllerService service = ControllerService.running().orElse(null);
        if (service == null) {
            DashboardAction.send(rsp, Api.Response.error(503, "continuous reconciliation is off in this Jenkins"));
            return;
        }
        if (req.getContentLengthLong() > Webhook.MAX_BODY) {
            DashboardAction.send(rsp, Api.Response.error(413, "the payload is larger than " + (Webhook.MAX_BODY >> 20) + " MB"));
            return;
        }
        Optional<byte[]> body = Webhook.readBounded(req.getInputStream(), Webhook.MAX_BODY);
        if (body.isEmpty()) {
            DashboardAction.send(rsp, Api.Response.error(413, "the payload is larger than " + (Webhook.MAX_BODY >> 20) + " MB"));
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(req.getHeaderNames())) {
            headers.put(name.toLowerCase(Locale.ROOT), req.getHeader(name));
        }
        GitOpsBridgeConfiguration config = GitOpsBridgeConfiguration.get();
        Webhook webhook = new Webhook(service.dashboard()::applications, service.dashboard()::refresh,
                provider -> secret(config.webhookCredentialsId(provider)), RATE, LOGGER::info);
        DashboardAction.send(rsp, webhook.receive(headers, body.get(), req.getRemoteAddr()));
    }

    private static Optional<byte[]> secret(String credentialsId) {
        if (credentialsId == null) {
            return Optional.empty();
        }
        StringCredentials c = GlobalCredentials.byId(StringCredentials.class, credentialsId);
        return c == null ? Optional.empty() : Optional.of(c.getSecret().getPlainText().getBytes(StandardCharsets.UTF_8));
    }
}
