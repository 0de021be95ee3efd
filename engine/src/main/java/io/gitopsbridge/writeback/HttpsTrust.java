package io.gitopsbridge.writeback;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.Proxy;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.jgit.transport.HttpTransport;
import org.eclipse.jgit.transport.http.HttpConnection;
import org.eclipse.jgit.transport.http.HttpConnectionFactory;
import org.eclipse.jgit.transport.http.HttpConnectionFactory2;

/**
 * Per-server trust for HTTPS Git servers signed by a private CA. JGit has one connection factory per JVM, so this
 * wraps it once and picks the trust managers by the connection's origin ({@code https://host:port}); servers
 * without an entry keep the JVM's trust store.
 */
final class HttpsTrust {
    private static final Map<String, TrustManager[]> BY_ORIGIN = new ConcurrentHashMap<>();
    private static volatile boolean installed;

    private HttpsTrust() {}

    /**
     * Trusts exactly the certificates in {@code pem} for the server of {@code url}.
     *
     * @throws WriteBackException if the text holds no certificate
     */
    static void trust(String url, String pem) {
        try {
            CertificateFactory x509 = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certificates =
                    x509.generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            if (certificates.isEmpty()) {
                throw new WriteBackException("The CA certificate for " + WriteBack.safe(url) + " holds no PEM certificate");
            }
            KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
            store.load(null, null);
            int i = 0;
            for (Certificate c : certificates) {
                store.setCertificateEntry("ca-" + i++, c);
            }
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(store);
            install();
            BY_ORIGIN.put(origin(new URL(url)), factory.getTrustManagers());
        } catch (GeneralSecurityException | IOException e) {
            throw new WriteBackException("The CA certificate for " + WriteBack.safe(url) + " is not a PEM certificate: "
                    + e.getMessage(), e);
        }
    }

    private static String origin(URL url) {
        int port = url.getPort() < 0 ? url.getDefaultPort() : url.getPort();
        return url.getProtocol() + "://" + url.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + port;
    }

    private static synchronized void install() {
        if (installed) {
            return;
        }
        HttpConnectionFactory delegate = HttpTransport.getConnectionFactory();
        HttpTransport.setConnectionFactory(new HttpConnectionFactory2() {
            @Override
            public HttpConnection create(URL url) throws IOException {
                return delegate.create(url);
            }

            @Override
            public HttpConnection create(URL url, Proxy proxy) throws IOException {
                return delegate.create(url, proxy);
            }

            @Override
            public GitSession newSession() {
                GitSession inner = delegate instanceof HttpConnectionFactory2 f ? f.newSession() : null;
                return new GitSession() {
                    @Override
                    public HttpConnection configure(HttpConnection connection, boolean sslVerify)
                            throws IOException, GeneralSecurityException {
                        TrustManager[] trust = BY_ORIGIN.get(origin(connection.getURL()));
                        if (trust != null && sslVerify) {
                            connection.configure(null, trust, null);
                            return connection;
                        }
                        return inner == null ? connection : inner.configure(connection, sslVerify);
                    }

                    @Override
                    public void close() {
                        if (inner != null) {
                            inner.close();
                        }
                    }
                };
            }
        });
        installed = true;
    }
}
