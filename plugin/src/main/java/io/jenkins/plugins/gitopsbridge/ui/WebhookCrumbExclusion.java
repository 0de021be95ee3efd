package io.jenkins.plugins.gitopsbridge.ui;

import hudson.Extension;
import org.jenkinsci.Symbol;
import hudson.security.csrf.CrumbExclusion;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Git servers send no crumb: the webhook's own signature check stands in for it, and nothing else is exempted. */
@Extension
@Symbol("gitopsBridgeWebhookCrumbExclusion")
public final class WebhookCrumbExclusion extends CrumbExclusion {
    @Override
    public boolean process(HttpServletRequest req, HttpServletResponse resp, FilterChain chain)
            throws IOException, ServletException {
        String path = req.getPathInfo();
        if (path != null && (path.equals("/" + WebhookAction.URL) || path.equals("/" + WebhookAction.URL + "/"))) {
            chain.doFilter(req, resp);
            return true;
        }
        return false;
    }
}
