package io.gitopsbridge.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP proxy in front of a test API server that injects faults request by request, from a seed so that a
 * run can be repeated: a 500 or a 429 (with {@code Retry-After}) instead of forwarding, a 409 Conflict, a connection
 * cut before forwarding, a connection cut after the server handled the request (the reply is lost), or a delay.
 */
public final class FaultProxy implements AutoCloseable {
    /** What to inject, and how often (0 to 1), on which requests. */
    public record Faults(String name, double rate, Fault fault, boolean writesOnly) {}

    /** One kind of fault. */
    public enum Fault { STATUS_500, STATUS_429, CONFLICT_409, CUT_BEFORE, CUT_AFTER, DELAY }

    private static final Set<String> WRITES = Set.of("POST", "PUT", "PATCH", "DELETE");
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "content-length", "transfer-encoding", "host",
            "upgrade", "http2-settings", "keep-alive");

    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final URI target;
    private final Random random;
    private final Faults faults;
    private final Map<Fault, AtomicInteger> injected = new ConcurrentHashMap<>();

    private FaultProxy(URI target, Faults faults, long seed) throws IOException {
        this.target = target;
        this.faults = faults;
        this.random = new Random(seed);
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fault-proxy");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public static FaultProxy start(URI target, Faults faults, long seed) throws IOException {
        return new FaultProxy(target, faults, seed);
    }

    /** The proxy's address, for a client's server URL. */
    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** How many faults were injected. */
    public int injected() {
        return injected.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private boolean hit(String method) {
        if (faults.writesOnly() && !WRITES.contains(method)) {
            return false;
        }
        synchronized (random) {
            return random.nextDouble() < faults.rate();
        }
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String method = exchange.getRequestMethod();
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            boolean fault = hit(method) && !(faults.fault() == Fault.CONFLICT_409 && !method.equals("PATCH"));
            if (fault) {
                injected.computeIfAbsent(faults.fault(), f -> new AtomicInteger()).incrementAndGet();
                switch (faults.fault()) {
                    case STATUS_500 -> {
                        reply(exchange, 500, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"message\":\"injected\",\"code\":500}");
                        return;
                    }
                    case STATUS_429 -> {
                        exchange.getResponseHeaders().add("Retry-After", "1");
                        reply(exchange, 429, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"TooManyRequests\",\"code\":429}");
                        return;
                    }
                    case CONFLICT_409 -> {
                        reply(exchange, 409, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"status\":\"Failure\",\"reason\":\"Conflict\","
                                + "\"message\":\"the object has been modified; please apply your changes to the latest version\",\"code\":409}");
                        return;
                    }
                    case CUT_BEFORE -> {
                        return;
                    }
                    case DELAY -> sleep();
                    case CUT_AFTER -> { }
                }
            }
            HttpRequest.Builder forward = HttpRequest.newBuilder(target.resolve(exchange.getRequestURI().toString()))
                    .method(method, body.length == 0 ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
            exchange.getRequestHeaders().forEach((k, values) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                    values.forEach(v -> forward.header(k, v));
                }
            });
            HttpResponse<byte[]> response = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (fault && faults.fault() == Fault.CUT_AFTER) {
                return;
            }
            response.headers().map().forEach((k, values) -> {
                if (!HOP_BY_HOP.contains(k.toLowerCase(java.util.Locale.ROOT)) && !k.startsWith(":")) {
                    values.forEach(v -> exchange.getResponseHeaders().add(k, v));
                }
            });
            exchange.sendResponseHeaders(response.statusCode(), response.body().length == 0 ? -1 : response.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(response.body());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep() throws InterruptedException {
        Thread.sleep(200);
    }

    private static void reply(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
