package io.gitopsbridge.web;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The standalone controller's web server: the dashboard's UI at {@code /}, its API under {@code /api/} and the
 * webhook at {@code /api/webhook}, on the JDK's HTTP server. Bound to loopback it serves whoever reaches it (and only
 * under a loopback host name, against DNS rebinding); bound elsewhere it needs a token, sent as
 * {@code Authorization: Bearer TOKEN}. The webhook is verified by its own signatures instead.
 */
public final class WebServer implements AutoCloseable {
    /** The UI's files, served from the classpath. */
    static final String UI = "/io/gitopsbridge/web/ui/";
    private static final Set<String> ASSETS = Set.of("index.html", "app.js", "app.css");
    private static final String API = "/api/";
    private static final String WEBHOOK = "/api/webhook";

    private final HttpServer server;
    private final ExecutorService threads;
    private final Api api;
    private final Webhook webhook;
    private final byte[] token;
    private final boolean loopback;
    private final Consumer<String> log;

    private WebServer(HttpServer server, ExecutorService threads, Api api, Webhook webhook, String token, boolean loopback,
            Consumer<String> log) {
        this.server = server;
        this.threads = threads;
        this.api = api;
        this.webhook = webhook;
        this.token = token == null ? null : token.getBytes(StandardCharsets.UTF_8);
        this.loopback = loopback;
        this.log = log;
    }

    /**
     * Starts serving at {@code address} (port 0: any free port).
     *
     * @param token what callers of the API must send, or {@code null} (allowed on loopback only)
     * @throws IllegalArgumentException for a non-loopback address without a token
     */
    public static WebServer start(InetSocketAddress address, String token, Api api, Webhook webhook, Consumer<String> log)
            throws IOException {
        boolean loopback = address.getAddress() != null && address.getAddress().isLoopbackAddress();
        if (token != null && token.isBlank()) {
            throw new IllegalArgumentException("the dashboard's token is empty");
        }
        if (!loopback && token == null) {
            throw new IllegalArgumentException("listening on " + address.getHostString() + ", which is not a loopback address,"
                    + " needs a token (--dashboard-token-file)");
        }
        // The JDK's server waits on a slow client forever by default; these are read when it is first used.
        System.setProperty("sun.net.httpserver.maxReqTime", System.getProperty("sun.net.httpserver.maxReqTime", "30"));
        System.setProperty("sun.net.httpserver.maxRspTime", System.getProperty("sun.net.httpserver.maxRspTime", "60"));
        HttpServer server = HttpServer.create(address, 50);
        ExecutorService threads = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "gitops-bridge-web");
            t.setDaemon(true);
            return t;
        });
        WebServer web = new WebServer(server, threads, api, webhook, token, loopback, log);
        server.createContext("/", web::handle);
        server.setExecutor(threads);
        server.start();
        return web;
    }

    /** Where it listens (the port chosen when 0 was asked). */
    public InetSocketAddress address() {
        return server.getAddress();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            Api.Response response;
            try {
                response = respond(exchange);
            } catch (RuntimeException e) {
                log.accept("Dashboard: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " failed: " + e);
                response = Api.Response.error(500, "the request failed");
            }
            var headers = exchange.getResponseHeaders();
            headers.set("Content-Type", response.contentType());
            headers.set("X-Content-Type-Options", "nosniff");
            headers.set("Content-Security-Policy", "default-src 'self'; frame-ancestors 'none'");
            headers.set("Referrer-Policy", "no-referrer");
            headers.set("Cache-Control", "no-store");
            if (response.status() == 401) {
                headers.set("WWW-Authenticate", "Bearer");
            }
            exchange.sendResponseHeaders(response.status(), response.body().length == 0 ? -1 : response.body().length);
            if (response.body().length > 0) {
                exchange.getResponseBody().write(response.body());
            }
        } catch (IOException e) {
            log.accept("Dashboard: " + exchange.getRequestMethod() + " " + exchange.getRequestURI().getRawPath() + " failed: " + e);
        }
    }

    private Api.Response respond(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        if (loopback && !loopbackHost(exchange.getRequestHeaders().getFirst("Host"))) {
            return Api.Response.error(403, "this server answers only to a loopback host name");
        }
        if (path.equals(WEBHOOK)) {
            if (!method.equals("POST")) {
                return Api.Response.error(405, "webhooks are POSTed");
            }
            String length = exchange.getRequestHeaders().getFirst("Content-Length");
            if (length != null && length.matches("[0-9]{1,18}") && Long.parseLong(length) > Webhook.MAX_BODY) {
                return Api.Response.error(413, "the payload is larger than " + (Webhook.MAX_BODY >> 20) + " MB");
            }
            var body = Webhook.readBounded(exchange.getRequestBody(), Webhook.MAX_BODY);
            if (body.isEmpty()) {
                return Api.Response.error(413, "the payload is larger than " + (Webhook.MAX_BODY >> 20) + " MB");
            }
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
            return webhook.receive(headers, body.get(), exchange.getRemoteAddress().getAddress().getHostAddress());
        }
        if (path.startsWith(API)) {
            if (token != null && !authorized(exchange.getRequestHeaders().getFirst("Authorization"))) {
                return Api.Response.error(401, "this dashboard needs its token: Authorization: Bearer TOKEN");
            }
            byte[] body = new byte[0];
            if (method.equals("POST")) {
                // A cross-site form cannot send JSON without a preflight this server never answers.
                String type = exchange.getRequestHeaders().getFirst("Content-Type");
                if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
                    return Api.Response.error(415, "actions take a JSON body (Content-Type: application/json)");
                }
                var bounded = Webhook.readBounded(exchange.getRequestBody(), 1 << 20);
                if (bounded.isEmpty()) {
                    return Api.Response.error(413, "the request body is larger than 1 MB");
                }
                body = bounded.get();
            }
            Map<String, String> query;
            try {
                query = query(exchange.getRequestURI());
            } catch (IllegalArgumentException e) {
                return Api.Response.error(400, "the query is not well encoded");
            }
            return api.handle(new Api.Request(method, path.substring(API.length()), query, body),
                    Access.all(token == null ? "local" : "token"));
        }
        if (!method.equals("GET")) {
            return Api.Response.error(405, method + " is not allowed here");
        }
        String asset = path.equals("/") ? "index.html" : path.startsWith("/ui/") ? path.substring("/ui/".length()) : null;
        if (asset == null || !ASSETS.contains(asset)) {
            return Api.Response.error(404, "not found: " + path);
        }
        return asset(asset);
    }

    /** One of the UI's files, as every host serves it. */
    public static Api.Response asset(String name) throws IOException {
        if (!ASSETS.contains(name)) {
            return Api.Response.error(404, "not found: " + name);
        }
        try (InputStream in = WebServer.class.getResourceAsStream(UI + name)) {
            if (in == null) {
                return Api.Response.error(404, "not found: " + name);
            }
            String type = name.endsWith(".html") ? "text/html; charset=utf-8" : name.endsWith(".js")
                    ? "text/javascript; charset=utf-8" : "text/css; charset=utf-8";
            return new Api.Response(200, type, in.readAllBytes());
        }
    }

    private boolean authorized(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return false;
        }
        return MessageDigest.isEqual(header.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8), token);
    }

    private boolean loopbackHost(String host) {
        if (host == null) {
            return false;
        }
        String name = host.startsWith("[") ? host.substring(0, host.indexOf(']') + 1) : host.replaceFirst(":[0-9]+$", "");
        return name.equals("localhost") || name.equals("[::1]") || name.matches("127\\.[0-9]+\\.[0-9]+\\.[0-9]+");
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> out = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw == null) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = java.net.URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.putIfAbsent(k, v);
        }
        return out;
    }
}
