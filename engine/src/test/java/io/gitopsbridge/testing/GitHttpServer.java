package io.gitopsbridge.testing;

import com.sun.net.httpserver.BasicAuthenticator;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A real Git smart-HTTP server for tests: {@code git http-backend} (the CGI program that ships with Git) behind the
 * JDK's HTTP server, with Basic authentication. Clone, fetch and push work from JGit and the {@code git} CLI.
 * Repositories are bare directories under a root; {@link #createRepository} makes one with a first commit on
 * {@code main}.
 */
public final class GitHttpServer implements AutoCloseable {
    private final Path root;
    private final String username;
    private final HttpServer http;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "git-http");
        t.setDaemon(true);
        return t;
    });

    private GitHttpServer(Path root, String username, String password, javax.net.ssl.SSLContext tls) throws IOException {
        this.root = root;
        this.username = username;
        InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
        if (tls == null) {
            this.http = HttpServer.create(loopback, 0);
        } else {
            com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(loopback, 0);
            https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
            this.http = https;
        }
        var context = http.createContext("/", this::handle);
        if (username != null) {
            context.setAuthenticator(new BasicAuthenticator("git") {
                @Override
                public boolean checkCredentials(String user, String pass) {
                    return username.equals(user) && password.equals(pass);
                }
            });
        }
        http.setExecutor(threads);
        http.start();
    }

    /** Serves the bare repositories under {@code root}; every request needs this user name and password. */
    public static GitHttpServer start(Path root, String username, String password) throws IOException {
        return new GitHttpServer(root, username, password, null);
    }

    /**
     * Serves over HTTPS with this server certificate (for example one from {@link TestCertificates}), anonymous
     * when {@code username} is {@code null}.
     */
    public static GitHttpServer startHttps(Path root, String username, String password, javax.net.ssl.SSLContext tls)
            throws IOException {
        return new GitHttpServer(root, username, password, tls);
    }

    /** Serves the bare repositories under {@code root} to anyone, push included. */
    public static GitHttpServer startAnonymous(Path root) throws IOException {
        return new GitHttpServer(root, null, null, null);
    }

    /** The clone URL of repository {@code name}, such as {@code http://127.0.0.1:40123/config.git}. */
    public URI url(String name) {
        String scheme = http instanceof com.sun.net.httpserver.HttpsServer ? "https" : "http";
        return URI.create(scheme + "://127.0.0.1:" + http.getAddress().getPort() + "/" + name + ".git");
    }

    /** The bare repository directory behind {@code name}. */
    public Path repository(String name) {
        return root.resolve(name + ".git");
    }

    /**
     * Creates bare repository {@code name} whose {@code main} branch holds these files in one commit.
     *
     * @return its bare directory
     */
    public Path createRepository(String name, Map<String, String> files) throws IOException, InterruptedException {
        Path bare = repository(name);
        git(root, "init", "--quiet", "--bare", "--initial-branch=main", bare.toString());
        git(bare, "config", "http.receivepack", "true");
        Path work = Files.createTempDirectory("git-seed");
        try {
            git(work, "init", "--quiet", "--initial-branch=main");
            for (var file : files.entrySet()) {
                Path target = work.resolve(file.getKey());
                Files.createDirectories(target.getParent());
                Files.writeString(target, file.getValue());
            }
            git(work, "add", "--all");
            git(work, "-c", "user.name=Seed", "-c", "user.email=seed@example.com", "commit", "--quiet",
                    "--allow-empty", "-m", "Seed " + name);
            git(work, "push", "--quiet", bare.toString(), "main");
        } finally {
            deleteTree(work);
        }
        return bare;
    }

    @Override
    public void close() {
        http.stop(0);
        threads.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            URI uri = exchange.getRequestURI();
            ProcessBuilder cgi = new ProcessBuilder("git", "http-backend");
            Map<String, String> env = cgi.environment();
            env.put("GIT_PROJECT_ROOT", root.toString());
            env.put("GIT_HTTP_EXPORT_ALL", "1");
            env.put("REQUEST_METHOD", exchange.getRequestMethod());
            env.put("PATH_INFO", uri.getPath());
            env.put("QUERY_STRING", uri.getRawQuery() == null ? "" : uri.getRawQuery());
            // http-backend refuses pushes from anonymous users unless http.receivepack is set.
            env.put("REMOTE_USER", username != null ? exchange.getPrincipal().getUsername() : "anonymous");
            env.put("REMOTE_ADDR", exchange.getRemoteAddress().getAddress().getHostAddress());
            header(exchange, "Content-Type").ifPresent(v -> env.put("CONTENT_TYPE", v));
            header(exchange, "Content-Length").ifPresent(v -> env.put("CONTENT_LENGTH", v));
            header(exchange, "Content-Encoding").ifPresent(v -> env.put("HTTP_CONTENT_ENCODING", v));
            header(exchange, "Git-Protocol").ifPresent(v -> env.put("GIT_PROTOCOL", v));
            Process process = cgi.start();
            threads.submit(() -> {
                try (InputStream body = exchange.getRequestBody(); OutputStream stdin = process.getOutputStream()) {
                    body.transferTo(stdin);
                } catch (IOException e) {
                    // The backend stopped reading; its answer says why.
                }
            });
            ByteArrayOutputStream stderr = new ByteArrayOutputStream();
            threads.submit(() -> {
                try (InputStream err = process.getErrorStream()) {
                    err.transferTo(stderr);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try (InputStream stdout = process.getInputStream()) {
                int status = 200;
                String line;
                while (!(line = readHeaderLine(stdout)).isEmpty()) {
                    int colon = line.indexOf(':');
                    String key = line.substring(0, colon).trim();
                    String value = line.substring(colon + 1).trim();
                    if (key.equalsIgnoreCase("Status")) {
                        status = Integer.parseInt(value.substring(0, 3));
                    } else {
                        exchange.getResponseHeaders().add(key, value);
                    }
                }
                exchange.sendResponseHeaders(status, 0);
                try (OutputStream out = exchange.getResponseBody()) {
                    stdout.transferTo(out);
                }
            }
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.Optional<String> header(HttpExchange exchange, String name) {
        return java.util.Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    private static String readHeaderLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }

    /** Runs {@code git} in {@code dir} and fails with its output if it exits non-zero. */
    public static String git(Path dir, String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) {
            throw new IOException("git " + String.join(" ", args) + " failed in " + dir + ":\n" + out);
        }
        return out;
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
